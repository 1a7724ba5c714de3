using Verifier.Provenance.Cbor;
using Verifier.Provenance.Claims;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Assertions;

/// <summary>A <c>c2pa.ingredient</c> (v1, v2 or v3) assertion.</summary>
public sealed class IngredientAssertion
{
    public const string BaseLabel = "c2pa.ingredient";

    public string? Relationship { get; private init; }

    public string? Title { get; private init; }

    public string? Format { get; private init; }

    /// <summary>v3 <c>activeManifest</c>, or v1/v2 <c>c2pa_manifest</c>: the ingredient's manifest.</summary>
    public HashedUri? Manifest { get; private init; }

    /// <summary>v3 <c>claimSignature</c>.</summary>
    public HashedUri? ClaimSignature { get; private init; }

    /// <summary>What the signer recorded when adding the ingredient (v1/v2 <c>validationStatus</c> or v3 <c>validationResults</c>).</summary>
    public IReadOnlyList<ValidationStatus>? RecordedStatuses { get; private init; }

    public bool IsParent => Relationship == "parentOf";

    public static IngredientAssertion? From(CborNode? node)
    {
        if (node is null || !node.Untagged.IsMap)
        {
            return null;
        }

        var relationship = node["relationship"]?.Text;
        if (relationship is null)
        {
            return null;
        }

        return new IngredientAssertion
        {
            Relationship = relationship,
            Title = node["dc:title"]?.Text ?? node["title"]?.Text,
            Format = node["dc:format"]?.Text ?? node["format"]?.Text,
            Manifest = HashedUri.From(node["activeManifest"]) ?? HashedUri.From(node["c2pa_manifest"]),
            ClaimSignature = HashedUri.From(node["claimSignature"]),
            RecordedStatuses = Recorded(node),
        };
    }

    private static List<ValidationStatus>? Recorded(CborNode node)
    {
        if (node["validationResults"] is { } results)
        {
            var all = new List<ValidationStatus>();
            AddCodes(results["activeManifest"], all);
            foreach (var delta in results["ingredientDeltas"]?.Untagged.Items ?? [])
            {
                AddCodes(delta["validationDeltas"], all);
            }

            return all;
        }

        return node["validationStatus"] is { } list ? [.. Statuses(list)] : null;
    }

    private static void AddCodes(CborNode? codes, List<ValidationStatus> into)
    {
        foreach (var kind in new[] { "success", "informational", "failure" })
        {
            into.AddRange(Statuses(codes?[kind]));
        }
    }

    private static IEnumerable<ValidationStatus> Statuses(CborNode? list) =>
        (list?.Untagged.Items ?? []).Where(s => s["code"]?.Text is not null)
            .Select(s => new ValidationStatus(s["code"]!.Text!, s["url"]?.Text, s["explanation"]?.Text));
}
