using Verifier.Cli.Tests.Support;

namespace Verifier.Cli.Tests;

[TestClass]
public sealed class InspectTests
{
    [TestMethod]
    public void TreeShowsManifestsAssertionsActionsAndIngredients()
    {
        var run = new CliRun(Results.Trusted).Run("inspect", Temp.File(Temp.Dir(), "edited.jpg"));

        Assert.AreEqual(0, run.ExitCode);
        var output = run.Output;
        StringAssert.Contains(output, Results.Parent);
        StringAssert.Contains(output, Results.Active + " (active)");
        StringAssert.Contains(output, "generator: Verifier samples/0.1.0");
        StringAssert.Contains(output, "signer: c2pa-ref Test Signer (c2pa-ref TEST ONLY) issued by c2pa-ref TEST ONLY with Es256");
        StringAssert.Contains(output, "c2pa.hash.data: sha256, 1 exclusion");
        StringAssert.Contains(output, "c2pa.created, declared AI-generated (trainedAlgorithmicMedia), by Verifier samples");
        StringAssert.Contains(output, "photo.jpg (parentOf) -> " + Results.Parent);
        Assert.IsTrue(output.IndexOf(Results.Parent, StringComparison.Ordinal) < output.IndexOf(Results.Active + " (active)", StringComparison.Ordinal));
    }

    [TestMethod]
    public void FileWithoutManifestGetsItsSentenceAndCode()
    {
        var run = new CliRun((path, _) => Results.NoManifest(path)).Run("inspect", Temp.File(Temp.Dir(), "plain.jpg"));

        Assert.AreEqual(3, run.ExitCode);
        StringAssert.Contains(run.Output, "plain.jpg: No Content Credentials");
    }

    [TestMethod]
    public void ManifestTextCannotInjectMarkup()
    {
        var run = new CliRun((path, _) => Results.Trusted(path) with
        {
            Manifests = [.. Results.Trusted(path).Manifests.Select(m => m with { Title = "[red]not markup[/] [" })],
        }).Run("inspect", Temp.File(Temp.Dir(), "edited.jpg"));

        Assert.AreEqual(0, run.ExitCode);
        StringAssert.Contains(run.Output, "title: [red]not markup[/] [");
    }
}
