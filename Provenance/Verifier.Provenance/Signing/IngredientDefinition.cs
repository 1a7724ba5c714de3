using System.Text.Json;

namespace Verifier.Provenance.Signing;

/// <summary>How an ingredient relates to the asset being signed (C2PA <c>relationship</c>).</summary>
public enum IngredientRelationship
{
    /// <summary>The asset this one was made from (<c>c2pa.opened</c> names it); at most one per manifest.</summary>
    ParentOf,

    /// <summary>A part placed into the asset (a <c>c2pa.placed</c> action names it); c2pa-rs's default.</summary>
    ComponentOf,

    /// <summary>An input that shaped the asset without being part of it (a prompt image, a reference clip).</summary>
    InputTo,
}

/// <summary>
/// One ingredient of a manifest definition (c2pa-rs's ingredient fields <c>title</c>, <c>format</c>, <c>relationship</c>,
/// <c>instance_id</c>, <c>label</c>, plus <c>file_path</c>): a file (its manifests carried in, its validation recorded, a thumbnail made)
/// or, without a file, metadata alone (a title, a format). <see cref="Entry"/> names it in errors
/// (<c>ingredients[1]</c>, <c>ingredient_paths[0]</c>, <c>--parent</c>).
/// </summary>
public sealed record IngredientDefinition(string Entry, IngredientRelationship Relationship, string? FilePath)
{
    public string? Title { get; init; }

    /// <summary>The media type; for a file Verifier reads, the detected one wins (as c2pa-rs sniffs it).</summary>
    public string? Format { get; init; }

    public string? InstanceId { get; init; }

    /// <summary>The id a defined action's <c>parameters.ingredientIds</c> names this ingredient by (as does its instance id).</summary>
    public string? Label { get; init; }

    /// <summary>The name C2PA writes (<c>parentOf</c>, <c>componentOf</c>, <c>inputTo</c>).</summary>
    public string RelationshipName => Name(Relationship);

    public static string Name(IngredientRelationship r) => r switch
    {
        IngredientRelationship.ParentOf => "parentOf",
        IngredientRelationship.InputTo => "inputTo",
        _ => "componentOf",
    };

    /// <summary>
    /// The definition's <c>ingredients</c> (c2pa-rs's ingredient objects, plus <c>file_path</c>) and c2patool's
    /// <c>ingredient_paths</c> (componentOf files). Relative paths are taken from <paramref name="baseDirectory"/>, the
    /// definition file's folder, as c2patool does. A bad entry throws <see cref="FormatException"/> naming it.
    /// </summary>
    internal static List<IngredientDefinition> Read(JsonElement root, string baseDirectory)
    {
        var list = new List<IngredientDefinition>();
        foreach (var (entry, item) in Entries(root, "ingredients"))
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{entry}: an ingredient must be a JSON object");
            }

            var file = Text(item, entry, "file_path") is { } p ? ExistingFile(entry, p, baseDirectory) : null;
            var title = Text(item, entry, "title");
            if (file is null && title is null)
            {
                throw new FormatException($"{entry}: needs a file_path, or a title for an ingredient without a file");
            }

            list.Add(new IngredientDefinition(entry, ReadRelationship(item, entry), file)
            {
                Title = title,
                Format = Text(item, entry, "format"),
                InstanceId = Text(item, entry, "instance_id"),
                Label = Text(item, entry, "label"),
            });
        }

        foreach (var (entry, item) in Entries(root, "ingredient_paths"))
        {
            var path = item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new FormatException($"{entry}: must be a file path");
            list.Add(new IngredientDefinition(entry, IngredientRelationship.ComponentOf, ExistingFile(entry, path, baseDirectory)));
        }

        var parents = list.Where(i => i.Relationship == IngredientRelationship.ParentOf).ToList();
        if (parents.Count > 1)
        {
            throw new FormatException($"{parents[1].Entry}: a second parentOf ingredient ({parents[0].Entry} is the parent); a manifest has at most one");
        }

        return list;
    }

    private static IEnumerable<(string Entry, JsonElement Item)> Entries(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select((item, i) => ($"{name}[{i}]", item.Clone())).ToList()
            : throw new FormatException($"{name} must be an array");
    }

    private static IngredientRelationship ReadRelationship(JsonElement item, string entry) => Text(item, entry, "relationship") switch
    {
        null or "componentOf" => IngredientRelationship.ComponentOf,
        "parentOf" => IngredientRelationship.ParentOf,
        "inputTo" => IngredientRelationship.InputTo,
        var other => throw new FormatException($"{entry}: unknown relationship \"{other}\" (parentOf, componentOf or inputTo)"),
    };

    private static string ExistingFile(string entry, string path, string baseDirectory)
    {
        var full = Path.GetFullPath(path, baseDirectory);
        if (Directory.Exists(full))
        {
            throw new FormatException($"{entry}: {full} is a folder, not a file");
        }

        return File.Exists(full) ? full : throw new FormatException($"{entry}: file {full} not found");
    }

    private static string? Text(JsonElement e, string entry, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new FormatException($"{entry}: {name} must be a string");
    }
}
