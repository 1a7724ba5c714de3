using Spectre.Console;
using Verifier.Provenance.Validation;
using ValidationResult = Verifier.Provenance.Validation.ValidationResult;

namespace Verifier.Cli.Output;

/// <summary>The <c>inspect</c> tree: file and verdict, then each manifest (active last) with its details.</summary>
public static class ManifestTree
{
    public static Tree Build(ValidationResult result)
    {
        var tree = new Tree(Safe($"{result.File}: {HumanReport.Sentence(result)}"));
        foreach (var manifest in result.Manifests)
        {
            var active = manifest.Label == result.ActiveManifest ? " [green](active)[/]" : string.Empty;
            var node = tree.AddNode($"[bold]{Safe(manifest.Label)}[/]{active}");
            AddField(node, "title", manifest.Title);
            AddField(node, "generator", manifest.ClaimGenerator);
            AddField(node, "format", manifest.Format);
            AddField(node, "signer", Signer(manifest.Signer));
            AddAssertions(node, manifest);
            AddList(node, "actions", manifest.Actions.Select(Action));
            AddList(node, "ingredients", manifest.Ingredients.Select(Ingredient));
        }

        return tree;
    }

    private static void AddAssertions(TreeNode node, ManifestSummary manifest)
    {
        var lines = manifest.AssertionDetails.Count > 0
            ? manifest.AssertionDetails.Select(d => string.IsNullOrEmpty(d.Value) ? d.Key : $"{d.Key}: {d.Value}")
            : manifest.Assertions;
        AddList(node, "assertions", lines);
    }

    private static void AddList(TreeNode node, string name, IEnumerable<string> lines)
    {
        var items = lines.ToList();
        if (items.Count == 0)
        {
            return;
        }

        var list = node.AddNode($"[grey]{name}[/]");
        foreach (var item in items)
        {
            list.AddNode(Safe(item));
        }
    }

    private static void AddField(TreeNode node, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            node.AddNode($"[grey]{name}:[/] {Safe(value)}");
        }
    }

    private static string? Signer(SignerSummary? signer)
    {
        if (signer is null)
        {
            return null;
        }

        var parts = new List<string?>
        {
            signer.CommonName,
            signer.Organization is null ? null : $"({signer.Organization})",
            signer.Issuer is null ? null : $"issued by {signer.Issuer}",
            signer.Alg is null ? null : $"with {signer.Alg}",
            signer.Time is { } time ? $"on {Printable.Time(time)}" : null,
        };
        return string.Join(' ', parts.Where(p => p is not null));
    }

    private static string Action(ActionSummary action)
    {
        var parts = new List<string> { action.Action };
        if (action.DigitalSourceType is { } type)
        {
            parts.Add(SourceTypeWording.Describe(type));
        }

        if (action.SoftwareAgent is { } agent)
        {
            parts.Add($"by {agent}");
        }

        if (action.When is { } when)
        {
            parts.Add($"at {when}");
        }

        return string.Join(", ", parts);
    }

    private static string Ingredient(IngredientSummary ingredient) =>
        $"{ingredient.Title ?? "(untitled)"} ({ingredient.Relationship ?? "no relationship"})"
        + (ingredient.Manifest is { } manifest ? $" -> {manifest}" : string.Empty);

    // Manifest text is untrusted: strip control characters and escape Spectre markup.
    private static string Safe(string text) => Markup.Escape(Printable.Clean(text));
}
