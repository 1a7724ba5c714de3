using System.Text.Json;
using System.Text.Json.Nodes;
using Verifier.Cli.Tests.Support;
using Verifier.Provenance;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Cli.Tests;

/// <summary>
/// <c>verify --crjson</c> against c2pa-rs's own crJSON (<c>verify.mjs --crjson</c>): the active manifest's
/// validationResults codes (with repeats, as conformance rubrics read them) and the ingredient delta failures.
/// </summary>
[TestClass]
public sealed class CrJsonInteropTests
{
    [TestMethod]
    [DataRow("tampered.jpg")]
    [DataRow("signed/edited.jpg")]
    [DataRow("signed/clip.mp4")]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void ValidationResultsMatchC2paRs(string sample)
    {
        var file = Path.Combine(RepoRoot.Samples, sample);
        var root = Path.Combine(RepoRoot.Samples, "root.pem");
        var run = new CliRun((path, options) => Reader.Validate(path, options)).Run("verify", "--crjson", "--trust", root, file);
        var theirs = Oracle.Instance.Verify(file, "--trust", root, "--crjson")["crjson"]!;

        using var ours = JsonDocument.Parse(run.OutputLines.Single());
        var ourManifest = ours.RootElement.GetProperty("manifests")[0];
        var theirManifest = theirs["manifests"]![0]!;
        Assert.AreEqual(theirManifest["label"]!.GetValue<string>(), ourManifest.GetProperty("label").GetString());
        foreach (var kind in new[] { "success", "informational", "failure" })
        {
            CollectionAssert.AreEquivalent(
                Codes(theirManifest["validationResults"]![kind]!.AsArray()),
                ourManifest.GetProperty("validationResults").GetProperty(kind).EnumerateArray().Select(e => e.GetProperty("code").GetString()!).ToList(),
                $"{sample}: validationResults.{kind}");
        }

        CollectionAssert.AreEquivalent(
            (theirManifest["ingredientDeltas"]?.AsArray() ?? []).SelectMany(d => Codes(d!["validationDeltas"]!["failure"]!.AsArray())).ToList(),
            ourManifest.GetProperty("ingredientDeltas").EnumerateArray()
                .SelectMany(d => d.GetProperty("validationDeltas").GetProperty("failure").EnumerateArray())
                .Select(e => e.GetProperty("code").GetString()!).ToList(),
            $"{sample}: ingredient delta failures");
    }

    private static List<string> Codes(JsonArray entries) => entries.Select(e => e!["code"]!.GetValue<string>()).ToList();
}
