using Verifier.Cli.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Cli.Tests;

[TestClass]
public sealed class HumanOutputTests
{
    [TestMethod]
    public void TrustedNamesSignerAlgorithmTimeAndDeclaredAi()
    {
        var run = new CliRun(Results.Trusted).Run("verify", Temp.File(Temp.Dir(), "edited.jpg"));

        StringAssert.Contains(run.OutputLines[0],
            "edited.jpg: Trusted: signed by c2pa-ref Test Signer (c2pa-ref TEST ONLY) with Es256 on 2026-11-22 17:41 UTC; "
            + "declared AI-generated (trainedAlgorithmicMedia)");
        Assert.AreEqual(1, run.OutputLines.Length, "one file: no summary table, no failure lines");
    }

    [TestMethod]
    public void ValidSaysTheSignerIsNotOnTheTrustList()
    {
        var run = new CliRun(Results.Valid).Run("verify", Temp.File(Temp.Dir(), "edited.jpg"));

        StringAssert.Contains(run.OutputLines[0], "edited.jpg: Valid, but the signer is not on your trust list: signed by c2pa-ref Test Signer");
        Assert.AreEqual(1, run.OutputLines.Length, "the untrusted signer is said once, in the sentence");
    }

    [TestMethod]
    public void ValidWithoutAnchorsSaysWhyNothingCanBeTrusted()
    {
        var file = Temp.File(Temp.Dir(), "edited.jpg");

        StringAssert.Contains(new CliRun(Results.Valid).Run("verify", file).Error, "no --trust anchors");
        Assert.AreEqual(string.Empty, new CliRun(Results.Valid).Run("verify", "--trust", Path.Combine(RepoRoot.Samples, "root.pem"), file).Error);
    }

    [TestMethod]
    public void ValidBecauseOfAnUntrustedIngredientSaysSo()
    {
        // c2pa-rs: a trusted active manifest with an untrusted ingredient stays Valid.
        var run = new CliRun((path, _) => Results.Trusted(path) with
        {
            State = ValidationState.Valid,
            IngredientDeltas = [new IngredientDelta(Results.IngredientUri, ["signingCredential.untrusted"])],
        }).Run("verify", Temp.File(Temp.Dir(), "edited.jpg"));

        StringAssert.Contains(run.OutputLines[0], "Valid, but an ingredient's signer is not on your trust list");
        StringAssert.Contains(run.Output, "- ingredient " + Results.IngredientUri);
    }

    [TestMethod]
    public void InvalidGivesTheFailuresInWordsThenOneLinePerCode()
    {
        var run = new CliRun(Results.Invalid).Run("verify", Temp.File(Temp.Dir(), "tampered.jpg"));

        StringAssert.Contains(run.OutputLines[0], "tampered.jpg: Invalid: the content was changed after it was signed");
        CollectionAssert.AreEqual(
            new[] { "- the content was changed after it was signed (assertion.dataHash.mismatch)" },
            run.OutputLines.Skip(1).ToArray());
    }

    [TestMethod]
    public void IngredientFailuresAreListed()
    {
        var run = new CliRun((path, _) => Results.Invalid(path) with
        {
            IngredientDeltas = [new IngredientDelta(Results.IngredientUri, ["ingredient.manifest.mismatch"])],
        }).Run("verify", Temp.File(Temp.Dir(), "edited.jpg"));

        StringAssert.Contains(run.Output, "ingredient.manifest.mismatch");
        StringAssert.Contains(run.Output, "an ingredient's manifest was changed after it was used");
    }

    [TestMethod]
    public void NoManifestAndUnreadableSentences()
    {
        var dir = Temp.Dir();
        var run = new CliRun((path, _) => path.EndsWith("plain.jpg", StringComparison.Ordinal) ? Results.NoManifest(path) : Results.Unreadable(path))
            .Run("verify", Temp.File(dir, "plain.jpg"), Temp.File(dir, "broken.jpg"));

        Assert.AreEqual(4, run.ExitCode);
        StringAssert.EndsWith(run.OutputLines[0], "plain.jpg: No Content Credentials");
        StringAssert.Contains(run.OutputLines[1], "broken.jpg: Unreadable: JumbfParseError: box length 4294967295 exceeds the 120 bytes left");
    }

    [TestMethod]
    public void SeveralFilesEndWithASummaryTable()
    {
        var dir = Temp.Dir();
        var run = new CliRun((path, _) => path.EndsWith("tampered.jpg", StringComparison.Ordinal) ? Results.Invalid(path) : Results.Trusted(path))
            .Run("verify", Temp.File(dir, "photo.jpg"), Temp.File(dir, "tampered.jpg"));

        var summary = run.Output[run.Output.IndexOf("Summary", StringComparison.Ordinal)..];
        StringAssert.Contains(summary, "State");
        StringAssert.Contains(summary, "Trusted");
        StringAssert.Contains(summary, "Invalid");
        StringAssert.Contains(summary, "assertion.dataHash.mismatch");
    }

    [TestMethod]
    public void ControlCharactersFromAManifestAreNotPrinted()
    {
        var run = new CliRun((path, _) => Results.Trusted(path) with
        {
            Manifests = [.. Results.Trusted(path).Manifests.Select(m => m with { Signer = m.Signer! with { CommonName = "Evil\u001b]0;pwned\u0007Signer" } })],
        }).Run("verify", Temp.File(Temp.Dir(), "edited.jpg"));

        Assert.IsFalse(run.Output.Contains('\u001b', StringComparison.Ordinal), "no terminal escape from a manifest reaches the output");
        StringAssert.Contains(run.Output, "signed by Evil\uFFFD]0;pwned\uFFFDSigner");
    }
}
