using System.Formats.Cbor;
using System.Text.Json;

namespace Verifier.Provenance.Signing;

/// <summary>One assertion of a manifest definition: a label and its JSON data (CBOR in the store unless kind is <c>Json</c>).</summary>
public sealed record AssertionDefinition(string Label, JsonElement Data, bool AsJson);

/// <summary>
/// A manifest definition in c2patool's JSON shape: <c>claim_generator_info</c> (array or map), <c>title</c>,
/// <c>format</c>, <c>assertions [{label, data, kind?}]</c>, <c>ingredients [{file_path?, title, format, relationship,
/// instance_id}]</c> and c2patool's <c>ingredient_paths</c>. Existing c2patool definitions load unchanged.
/// </summary>
public sealed class ManifestDefinition
{
    /// <summary>JSON definitions larger than this are refused (a definition is a few kilobytes).</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    public GeneratorInfo Generator { get; init; } = GeneratorInfo.Verifier;

    public string? Title { get; init; }

    public string? Format { get; init; }

    public IReadOnlyList<AssertionDefinition> Assertions { get; init; } = [];

    /// <summary>The ingredients in the definition's order (at most one <c>parentOf</c>); their files exist.</summary>
    public IReadOnlyList<IngredientDefinition> Ingredients { get; init; } = [];

    /// <summary>
    /// Parses a definition; a malformed one throws <see cref="FormatException"/> naming the problem. Relative ingredient
    /// paths are taken from <paramref name="baseDirectory"/> (the definition file's folder; the current one when null).
    /// </summary>
    public static ManifestDefinition Parse(string json, string? baseDirectory = null)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new FormatException($"the manifest definition is not JSON: {e.Message}", e);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the manifest definition must be a JSON object");
            }

            return new ManifestDefinition
            {
                Generator = ReadGenerator(root) ?? GeneratorInfo.Verifier,
                Title = Text(root, "title"),
                Format = Text(root, "format"),
                Assertions = ReadAssertions(root),
                Ingredients = IngredientDefinition.Read(root, baseDirectory ?? Directory.GetCurrentDirectory()),
            };
        }
    }

    /// <summary>Writes JSON data as CBOR (integers stay integers, other numbers become floats).</summary>
    internal static void WriteCbor(CborWriter w, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartMap(null);
                foreach (var p in e.EnumerateObject())
                {
                    w.WriteTextString(p.Name);
                    WriteCbor(w, p.Value);
                }

                w.WriteEndMap();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray(null);
                foreach (var item in e.EnumerateArray())
                {
                    WriteCbor(w, item);
                }

                w.WriteEndArray();
                break;
            case JsonValueKind.String:
                w.WriteTextString(e.GetString()!);
                break;
            case JsonValueKind.Number when e.TryGetInt64(out var i):
                w.WriteInt64(i);
                break;
            case JsonValueKind.Number:
                w.WriteDouble(e.GetDouble());
                break;
            case JsonValueKind.True or JsonValueKind.False:
                w.WriteBoolean(e.GetBoolean());
                break;
            default:
                w.WriteNull();
                break;
        }
    }

    internal static byte[] ToCbor(JsonElement e)
    {
        // Definite lengths: the writer converts the indefinite-length containers WriteCbor opens.
        var w = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: true);
        WriteCbor(w, e);
        return w.Encode();
    }

    private static GeneratorInfo? ReadGenerator(JsonElement root)
    {
        if (!root.TryGetProperty("claim_generator_info", out var info))
        {
            return null;
        }

        var first = info.ValueKind == JsonValueKind.Array ? info.EnumerateArray().FirstOrDefault() : info;
        if (first.ValueKind != JsonValueKind.Object || Text(first, "name") is not { } name)
        {
            throw new FormatException("claim_generator_info needs a name");
        }

        return new GeneratorInfo(name, Text(first, "version"));
    }

    private static List<AssertionDefinition> ReadAssertions(JsonElement root)
    {
        var list = new List<AssertionDefinition>();
        if (!root.TryGetProperty("assertions", out var assertions))
        {
            return list;
        }

        if (assertions.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("assertions must be an array");
        }

        foreach (var a in assertions.EnumerateArray())
        {
            if (a.ValueKind != JsonValueKind.Object || Text(a, "label") is not { } label || !a.TryGetProperty("data", out var data))
            {
                throw new FormatException("each assertion needs a label and data");
            }

            list.Add(new AssertionDefinition(label, data.Clone(), Text(a, "kind") == "Json"));
        }

        return list;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
