using Verifier.Provenance.Validation;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Provenance.Tests.Interop;

/// <summary>
/// The 31 files from c2pa-rs's own test suite (CAWG identity, OCSP, box hash, legacy claims, hostile containers), checked
/// against what c2pa-rs 0.91.3 reports for each (EXPECTED.tsv), without trust anchors and with c2pa-rs's test roots.
/// </summary>
[TestClass]
public sealed class C2paRsFixtureTests
{
    public static IEnumerable<object[]> Rows() =>
        File.ReadLines(SharedFolder.Fixture("EXPECTED.tsv")).Skip(1)
            .Select(l => l.Split('\t'))
            .SelectMany(c => new object[][] { [c[0], false], [c[0], true] });

    [TestMethod]
    [DynamicData(nameof(Rows))]
    public void AgreesWithC2paRs(string path, bool withAnchors)
    {
        var row = File.ReadLines(SharedFolder.Fixture("EXPECTED.tsv")).Skip(1).Select(l => l.Split('\t')).Single(c => c[0] == path);
        string state = withAnchors ? row[5] : row[2];
        string failures = withAnchors ? row[6] : row[3];
        string ingredientFailures = withAnchors ? row[7] : row[4];
        string error = row[8];

        var options = withAnchors ? new VerifyOptions { Trust = TestTrust.Anchors(SharedFolder.Fixture("test-roots.pem")) } : null;
        var result = Reader.Validate(SharedFolder.Fixture(path), options);
        var context = $"{path} (anchors: {withAnchors}): expected {state} [{failures}] ingredients [{ingredientFailures}] {error}\n" +
                      $"got {Agreement.Describe(result)}";

        if (state == "Error")
        {
            var expected = error.Contains("JumbfNotFound", StringComparison.Ordinal) ? ValidationState.NoManifest : ValidationState.Unreadable;
            Assert.AreEqual(expected, result.State, context);
            return;
        }

        Assert.AreEqual(state, result.State.ToString(), context);
        CollectionAssert.AreEquivalent(List(failures), result.Codes(StatusKind.Failure).ToList(), context);
        CollectionAssert.AreEquivalent(List(ingredientFailures), result.IngredientDeltas.SelectMany(d => d.Failure).Distinct().ToList(), context);
    }

    private static List<string> List(string cell) => cell == "-" || cell.Length == 0 ? [] : [.. cell.Split(',')];
}
