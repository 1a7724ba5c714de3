using System.Text.Json.Nodes;
using Verifier.Provenance.Validation;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Provenance.Tests.Interop;

/// <summary>
/// Compares Verifier's verdict on a file with c2pa-rs's (through the oracle) as architecture.md defines agreement:
/// the same validation state, the same failure set, the same ingredient-delta failures.
/// </summary>
internal static class Agreement
{
    public static void AssertSame(string file, JsonNode expected, ValidationResult actual)
    {
        var context = $"{Path.GetFileName(file)}: c2pa-rs said {expected.ToJsonString()}\nVerifier said {Describe(actual)}";
        if (expected["error"]?.GetValue<string>() is { } error)
        {
            var expectedState = error.Contains("JumbfNotFound", StringComparison.Ordinal) ? ValidationState.NoManifest : ValidationState.Unreadable;
            Assert.AreEqual(expectedState, actual.State, context);
            return;
        }

        Assert.AreEqual(expected["validation_state"]!.GetValue<string>(), actual.State.ToString(), context);
        CollectionAssert.AreEquivalent(
            Codes(expected["status"]?["failure"]).Distinct().ToList(),
            actual.Codes(StatusKind.Failure).ToList(), context);
        CollectionAssert.AreEquivalent(
            (expected["ingredient_deltas"]?.AsArray() ?? []).SelectMany(d => Codes(d!["failure"])).Distinct().ToList(),
            actual.IngredientDeltas.SelectMany(d => d.Failure).Distinct().ToList(), context);
    }

    public static IEnumerable<string> Codes(JsonNode? list) =>
        (list?.AsArray() ?? []).Select(c => c is JsonValue v ? v.GetValue<string>() : c!["code"]!.GetValue<string>());

    public static string Describe(ValidationResult r) =>
        $"{r.State} {r.Error} failure=[{string.Join(',', r.Codes(StatusKind.Failure))}] " +
        $"success=[{string.Join(',', r.Codes(StatusKind.Success))}] info=[{string.Join(',', r.Codes(StatusKind.Informational))}] " +
        $"deltas=[{string.Join(';', r.IngredientDeltas.Select(d => d.Ingredient + ':' + string.Join(',', d.Failure)))}] " +
        $"explanations=[{string.Join(" | ", r.Statuses.Where(s => s.Kind == StatusKind.Failure).Select(s => s.Code + ": " + s.Explanation))}]";
}
