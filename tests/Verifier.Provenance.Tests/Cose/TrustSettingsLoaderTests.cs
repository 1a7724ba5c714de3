using Verifier.Provenance.Certificates;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Cose;

[TestClass]
public sealed class TrustSettingsLoaderTests
{
    [TestMethod]
    public void LoadsEveryCertificateOfABundleAndDefaultsTsaAnchorsToTheSignerAnchors()
    {
        var roots = SharedFolder.Fixture("test-roots.pem");
        int blocks = File.ReadAllText(roots).Split("-----BEGIN CERTIFICATE-----").Length - 1;
        var trust = TrustSettingsLoader.FromPemFiles(roots);
        Assert.AreEqual(blocks, trust.Anchors.Count);
        Assert.IsTrue(blocks > 0);
        Assert.AreSame(trust.Anchors, trust.EffectiveTsaAnchors);
        Assert.AreEqual(blocks, CertificateReader.ParseAll(trust.Anchors).Count);
    }

    [TestMethod]
    public void ReadsExtraEkusOnePerLineIgnoringComments()
    {
        var file = Path.Combine(Oracle.TempDir(), "ekus.cfg");
        File.WriteAllText(file, "// documentSigning\n1.3.6.1.5.5.7.3.36\n\nnot an oid\n1.2.3.4\n");
        var trust = TrustSettingsLoader.FromPemFiles(null, extraEkus: file);
        CollectionAssert.AreEqual(new[] { "1.3.6.1.5.5.7.3.36", "1.2.3.4" }, trust.ExtraEkus.ToArray());
    }

    [TestMethod]
    public void MissingOrEmptyBundleIsAReadErrorNamingTheFile()
    {
        var empty = Path.Combine(Oracle.TempDir(), "empty.pem");
        File.WriteAllText(empty, "no certificates here");
        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => TrustSettingsLoader.FromPemFiles(empty));
        StringAssert.Contains(e.Message, "empty.pem");
        Assert.ThrowsExactly<ProvenanceReadException>(() => TrustSettingsLoader.FromPemFiles(empty + ".missing"));
    }
}
