using Verifier.Cli.Tests.Support;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Validation;

namespace Verifier.Cli.Tests;

[TestClass]
public sealed class KeysCommandTests
{
    [TestMethod]
    public void InitWritesTheSixFilesAndWarnsTestOnly()
    {
        var dir = Path.Combine(Temp.Dir(), "keys");

        var run = new CliRun().Run("keys", "init", dir);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, "TEST ONLY");
        foreach (var name in new[] { "root.pem", "chain.pem", "signer.key", "tsa.pem", "tsa-chain.pem", "tsa.key" })
        {
            StringAssert.Contains(run.Output, Path.Combine(dir, name));
            StringAssert.StartsWith(File.ReadAllText(Path.Combine(dir, name)), "# TEST ONLY");
        }

        var signer = KeyLoader.Load(new KeySource(Path.Combine(dir, "signer.key"), Path.Combine(dir, "chain.pem")));
        Assert.AreEqual(Provenance.Cose.CoseAlgorithm.Es256, signer.Algorithm);
        var chain = KeyFiles.ReadCertificates(Path.Combine(dir, "chain.pem"));
        var root = KeyFiles.ReadCertificates(Path.Combine(dir, "root.pem"));
        var trust = CertificateTrust.Check(chain[0], chain, root, [], new HashSet<string> { "1.3.6.1.5.5.7.3.36" }, DateTimeOffset.UtcNow);
        Assert.IsTrue(trust.Trusted, trust.Explanation);
    }

    [TestMethod]
    public void AlgChoosesTheKeyType()
    {
        var dir = Temp.Dir();

        var run = new CliRun().Run("keys", "init", dir, "--alg", "ed25519");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        var signer = KeyLoader.Load(new KeySource(Path.Combine(dir, "signer.key"), Path.Combine(dir, "chain.pem")));
        Assert.AreEqual(Provenance.Cose.CoseAlgorithm.Ed25519, signer.Algorithm);
        var log = new StatusLog();
        Assert.IsTrue(CertificateProfile.CheckEndEntity(KeyFiles.ReadCertificates(Path.Combine(dir, "chain.pem"))[0],
            DateTimeOffset.UtcNow, new HashSet<string>(), null, log, null));
    }

    [TestMethod]
    public void SecondInitIsRefusedUnlessForced()
    {
        var dir = Temp.Dir();
        Assert.AreEqual(0, new CliRun().Run("keys", "init", dir).ExitCode);
        var key = File.ReadAllText(Path.Combine(dir, "signer.key"));

        var again = new CliRun().Run("keys", "init", dir);

        Assert.AreEqual(64, again.ExitCode);
        StringAssert.Contains(again.Error, "--force");
        Assert.AreEqual(key, File.ReadAllText(Path.Combine(dir, "signer.key")));

        Assert.AreEqual(0, new CliRun().Run("keys", "init", dir, "--force").ExitCode);
        Assert.AreNotEqual(key, File.ReadAllText(Path.Combine(dir, "signer.key")));
    }

    [TestMethod]
    public void UnknownAlgIsAUsageError()
    {
        var run = new CliRun().Run("keys", "init", Temp.Dir(), "--alg", "rs256");

        Assert.AreEqual(64, run.ExitCode);
        StringAssert.Contains(run.Error, "rs256");
    }
}
