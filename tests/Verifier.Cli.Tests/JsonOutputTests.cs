using System.Text.Json;
using Verifier.Cli.Tests.Support;

namespace Verifier.Cli.Tests;

[TestClass]
public sealed class JsonOutputTests
{
    private static readonly string[] TopLevel =
        ["file", "validation_state", "status", "ingredient_deltas", "active_manifest", "manifests", "digital_source_types"];

    [TestMethod]
    public void TrustedObjectHasTheContractShape()
    {
        var file = Temp.File(Temp.Dir(), "edited.jpg");
        var run = new CliRun().Run("verify", "--json", file);

        Assert.AreEqual(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.OutputLines.Single());
        var root = doc.RootElement;
        CollectionAssert.AreEqual(TopLevel, root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.AreEqual(file, root.GetProperty("file").GetString());
        Assert.AreEqual("Trusted", root.GetProperty("validation_state").GetString());

        var success = Strings(root.GetProperty("status").GetProperty("success"));
        CollectionAssert.AllItemsAreUnique(success, "status lists are sets");
        CollectionAssert.AreEquivalent(
            new[] { "timeStamp.validated", "timeStamp.trusted", "signingCredential.trusted", "claimSignature.insideValidity",
                "claimSignature.validated", "assertion.hashedURI.match", "assertion.dataHash.match" },
            success);
        CollectionAssert.AreEqual(new[] { "signingCredential.ocsp.skipped" }, Strings(root.GetProperty("status").GetProperty("informational")));
        Assert.AreEqual(0, root.GetProperty("status").GetProperty("failure").GetArrayLength());

        var delta = root.GetProperty("ingredient_deltas").EnumerateArray().Single();
        Assert.AreEqual(Results.IngredientUri, delta.GetProperty("ingredient").GetString());
        Assert.AreEqual(0, delta.GetProperty("failure").GetArrayLength());
        Assert.AreEqual(Results.Active, root.GetProperty("active_manifest").GetString());
        CollectionAssert.AreEqual(new[] { Results.Ai }, Strings(root.GetProperty("digital_source_types")));
    }

    [TestMethod]
    public void ManifestsComeActiveLastWithSignerAssertionsAndIngredients()
    {
        var run = new CliRun().Run("verify", "--json", Temp.File(Temp.Dir(), "edited.jpg"));

        using var doc = JsonDocument.Parse(run.OutputLines.Single());
        var manifests = doc.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        Assert.AreEqual(2, manifests.Count);
        Assert.AreEqual(Results.Active, manifests[^1].GetProperty("label").GetString());
        var active = manifests[^1];
        CollectionAssert.AreEqual(
            new[] { "label", "claim_generator", "title", "signer", "assertions", "ingredients" },
            active.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.AreEqual("Verifier samples/0.1.0", active.GetProperty("claim_generator").GetString());
        Assert.AreEqual("edited.jpg", active.GetProperty("title").GetString());

        var signer = active.GetProperty("signer");
        Assert.AreEqual("c2pa-ref Test Signer", signer.GetProperty("common_name").GetString());
        Assert.AreEqual("c2pa-ref TEST ONLY", signer.GetProperty("organization").GetString());
        Assert.AreEqual("c2pa-ref TEST ONLY", signer.GetProperty("issuer").GetString());
        Assert.AreEqual("Es256", signer.GetProperty("alg").GetString());
        Assert.AreEqual("2026-11-22T17:41:24+00:00", signer.GetProperty("time").GetString(), "c2pa-rs's time format");

        CollectionAssert.AreEqual(new[] { "c2pa.hash.data", "c2pa.ingredient.v3", "c2pa.actions.v2" }, Strings(active.GetProperty("assertions")));
        var ingredient = active.GetProperty("ingredients").EnumerateArray().Single();
        Assert.AreEqual("photo.jpg", ingredient.GetProperty("title").GetString());
        Assert.AreEqual("parentOf", ingredient.GetProperty("relationship").GetString());
        Assert.AreEqual(Results.Parent, ingredient.GetProperty("manifest").GetString());
    }

    [TestMethod]
    public void InvalidFailuresAreASetAndUnreadableCarriesAnError()
    {
        var dir = Temp.Dir();
        var run = new CliRun((path, _) => path.EndsWith("tampered.jpg", StringComparison.Ordinal) ? Results.Invalid(path) : Results.Unreadable(path))
            .Run("verify", "--json", Temp.File(dir, "tampered.jpg"), Temp.File(dir, "broken.jpg"));

        Assert.AreEqual(4, run.ExitCode);
        Assert.AreEqual(2, run.OutputLines.Length, "JSON Lines: one object per file");
        using var invalid = JsonDocument.Parse(run.OutputLines[0]);
        Assert.AreEqual("Invalid", invalid.RootElement.GetProperty("validation_state").GetString());
        CollectionAssert.AreEqual(new[] { "assertion.dataHash.mismatch" }, Strings(invalid.RootElement.GetProperty("status").GetProperty("failure")));
        Assert.IsFalse(invalid.RootElement.TryGetProperty("error", out _), "error only when Unreadable");

        using var unreadable = JsonDocument.Parse(run.OutputLines[1]);
        Assert.AreEqual("Unreadable", unreadable.RootElement.GetProperty("validation_state").GetString());
        StringAssert.StartsWith(unreadable.RootElement.GetProperty("error").GetString(), "JumbfParseError: ");
        Assert.AreEqual(JsonValueKind.Null, unreadable.RootElement.GetProperty("active_manifest").ValueKind);
        Assert.AreEqual(0, unreadable.RootElement.GetProperty("manifests").GetArrayLength());
    }

    [TestMethod]
    public void CrJsonPutsTheActiveManifestFirstWithFullValidationResults()
    {
        var run = new CliRun(Results.Invalid).Run("verify", "--crjson", Temp.File(Temp.Dir(), "tampered.jpg"));

        using var doc = JsonDocument.Parse(run.OutputLines.Single());
        var root = doc.RootElement;
        Assert.AreEqual("Invalid", root.GetProperty("validationState").GetString());
        var manifests = root.GetProperty("manifests").EnumerateArray().ToList();
        Assert.AreEqual(Results.Active, manifests[0].GetProperty("label").GetString(), "crJSON lists the active manifest first");
        var results = manifests[0].GetProperty("validationResults");
        var failure = results.GetProperty("failure").EnumerateArray().ToList();
        Assert.AreEqual(2, failure.Count, "crJSON keeps every entry, as c2pa-rs does");
        Assert.AreEqual("assertion.dataHash.mismatch", failure[0].GetProperty("code").GetString());
        StringAssert.EndsWith(failure[0].GetProperty("url").GetString(), "/c2pa.assertions/c2pa.hash.data");
        Assert.AreEqual("Hashes do not match", failure[0].GetProperty("explanation").GetString());
        Assert.AreEqual("claimSignature.validated", results.GetProperty("success")[0].GetProperty("code").GetString());
        Assert.AreEqual(Results.IngredientUri, manifests[0].GetProperty("ingredientDeltas")[0].GetProperty("ingredientAssertionURI").GetString());
        Assert.IsFalse(manifests[1].TryGetProperty("validationResults", out _));
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
