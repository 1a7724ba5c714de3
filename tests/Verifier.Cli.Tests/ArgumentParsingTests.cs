using System.Security.Cryptography.X509Certificates;
using Verifier.Cli.Tests.Support;

namespace Verifier.Cli.Tests;

[TestClass]
public sealed class ArgumentParsingTests
{
    private static string SampleRoot => Path.Combine(RepoRoot.Samples, "root.pem");

    [TestMethod]
    [DataRow(new string[0], DisplayName = "no command")]
    [DataRow(new[] { "verify" }, DisplayName = "verify without FILE")]
    [DataRow(new[] { "verify", "--bogus", "a.jpg" }, DisplayName = "unknown option")]
    [DataRow(new[] { "frobnicate", "a.jpg" }, DisplayName = "unknown command")]
    [DataRow(new[] { "verify", "--json", "--crjson", "a.jpg" }, DisplayName = "--json with --crjson")]
    [DataRow(new[] { "inspect" }, DisplayName = "inspect without FILE")]
    public void UsageErrorsExit64WithAMessage(string[] args)
    {
        var run = new CliRun().Run(args);

        Assert.AreEqual(64, run.ExitCode);
        StringAssert.StartsWith(run.Error, "verifier: ");
        Assert.AreEqual(0, run.Calls.Count);
    }

    [TestMethod]
    public void HelpExitsZero()
    {
        var run = new CliRun().Run("verify", "--help");

        Assert.AreEqual(0, run.ExitCode);
        StringAssert.Contains(run.Output, "--trust");
        StringAssert.Contains(run.Output, "--crjson");
    }

    [TestMethod]
    public void TrustBundleIsLoadedAsDerAndTsaAnchorsDefaultToIt()
    {
        var file = Temp.File(Temp.Dir(), "a.jpg");
        var run = new CliRun().Run("verify", "--trust", SampleRoot, file);

        var trust = run.Calls.Single().Options.Trust;
        var expected = X509Certificate2.CreateFromPem(File.ReadAllText(SampleRoot)).RawData;
        Assert.AreEqual(1, trust.Anchors.Count);
        CollectionAssert.AreEqual(expected, trust.Anchors[0]);
        Assert.IsNull(trust.TsaAnchors, "without --tsa-trust the library uses the --trust anchors");
        Assert.AreEqual(0, trust.Allowed.Count);
    }

    [TestMethod]
    public void TsaTrustAllowedAndExternalManifestReachTheValidator()
    {
        var dir = Temp.Dir();
        var file = Temp.File(dir, "a.jpg");
        var store = Temp.File(dir, "a.c2pa");
        var run = new CliRun().Run("verify", "--tsa-trust", SampleRoot, "--allowed", SampleRoot, "--external-manifest", store, file);

        var options = run.Calls.Single().Options;
        Assert.AreEqual(1, options.Trust.TsaAnchors?.Count);
        Assert.AreEqual(1, options.Trust.Allowed.Count);
        Assert.AreEqual(0, options.Trust.Anchors.Count);
        Assert.AreEqual(store, options.ExternalManifestPath);
    }

    [TestMethod]
    public void FragmentsGlobIsExpandedInOrder()
    {
        var dir = Temp.Dir();
        var init = Temp.File(dir, "init.mp4");
        var second = Temp.File(dir, "seg-2.m4s");
        var first = Temp.File(dir, "seg-1.m4s");
        Temp.File(dir, "other.txt");

        var run = new CliRun().Run("verify", "--fragments", Path.Combine(dir, "seg-*.m4s"), init);

        CollectionAssert.AreEqual(new[] { first, second }, run.Calls.Single().Options.FragmentPaths.ToArray());
    }

    [TestMethod]
    public void MissingExternalManifestOrUnmatchedFragmentsAreUsageErrors()
    {
        var dir = Temp.Dir();
        var file = Temp.File(dir, "init.mp4");

        var external = new CliRun().Run("verify", "--external-manifest", Path.Combine(dir, "none.c2pa"), file);
        var fragments = new CliRun().Run("verify", "--fragments", Path.Combine(dir, "*.m4s"), file);

        Assert.AreEqual(64, external.ExitCode);
        StringAssert.Contains(external.Error, "none.c2pa: file not found");
        Assert.AreEqual(64, fragments.ExitCode);
        StringAssert.Contains(fragments.Error, "no file matches");
    }

    [TestMethod]
    public void MissingTrustFileIsAUsageErrorNamingIt()
    {
        var run = new CliRun().Run("verify", "--trust", "/no/such/roots.pem", Temp.File(Temp.Dir(), "a.jpg"));

        Assert.AreEqual(64, run.ExitCode);
        StringAssert.Contains(run.Error, "cannot load the trust settings: /no/such/roots.pem");
    }

    [TestMethod]
    public void TrustFileWithoutCertificatesIsAUsageError()
    {
        var dir = Temp.Dir();
        var notPem = Path.Combine(dir, "roots.pem");
        File.WriteAllText(notPem, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        var run = new CliRun().Run("verify", "--trust", notPem, Temp.File(dir, "a.jpg"));

        Assert.AreEqual(64, run.ExitCode);
        StringAssert.Contains(run.Error, "no PEM certificate found");
    }

    [TestMethod]
    public void TrustConfigAddsExtraSignerEkus()
    {
        var dir = Temp.Dir();
        var ekus = Path.Combine(dir, "ekus.cfg");
        File.WriteAllText(ekus, "1.3.6.1.5.5.7.3.2\n1.2.3.4.5\n");

        var run = new CliRun().Run("verify", "--trust-config", ekus, Temp.File(dir, "a.jpg"));

        CollectionAssert.AreEqual(new[] { "1.3.6.1.5.5.7.3.2", "1.2.3.4.5" }, run.Calls.Single().Options.Trust.ExtraEkus.ToArray());
    }

    [TestMethod]
    public void MissingTrustConfigIsAUsageError()
    {
        var run = new CliRun().Run("verify", "--trust-config", "/no/such/ekus.cfg", Temp.File(Temp.Dir(), "a.jpg"));

        Assert.AreEqual(64, run.ExitCode);
        StringAssert.Contains(run.Error, "cannot load the trust settings");
    }
}
