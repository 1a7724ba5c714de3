using Verifier.Provenance.Signing;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Tests.Cose;

namespace Verifier.Provenance.Tests.Keys;

/// <summary>Signing refuses certificates c2pa-rs would reject, naming the profile rule they break.</summary>
[TestClass]
public sealed class SignerProfileTests
{
    [TestMethod]
    [DataRow(null, "no extended key usage on an end-entity certificate")]
    [DataRow(new[] { "1.3.6.1.5.5.7.3.3" }, "missing required EKU")]
    [DataRow(new[] { "2.5.29.37.0" }, "'any' EKU not allowed")]
    public void CertificateOutsideTheProfileIsRefusedByRule(string[]? ekus, string rule)
    {
        var root = TestPki.Root();
        var signer = TestPki.Issue(root, "Bad Signer", new TestPki.Options { Ekus = ekus });

        var e = Assert.ThrowsExactly<SigningRefusedException>(() => KeyLoader.Create(signer.Key.Private, [signer.Cert]));

        Assert.AreEqual(RefusalRule.CertificateProfile, e.Rule);
        StringAssert.Contains(e.Message, "breaks the C2PA certificate profile");
        StringAssert.Contains(e.Message, rule);
    }

    [TestMethod]
    public void ExpiredCertificateIsRefused()
    {
        var root = TestPki.Root();
        var signer = TestPki.Issue(root, "Old Signer", new TestPki.Options
        {
            NotBefore = DateTime.UtcNow.AddYears(-3),
            NotAfter = DateTime.UtcNow.AddYears(-2),
        });

        var e = Assert.ThrowsExactly<SigningRefusedException>(() => KeyLoader.Create(signer.Key.Private, [signer.Cert]));

        Assert.AreEqual(RefusalRule.CertificateProfile, e.Rule);
        StringAssert.Contains(e.Message, "expired");
    }

    [TestMethod]
    public void ChainOutOfOrderIsRefused()
    {
        var pki = DevelopmentPki.Create();

        var e = Assert.ThrowsExactly<SignerException>(() =>
            KeyLoader.Create(pki.Signer.PrivateKey, [pki.Signer.Certificate, pki.Root.Certificate, pki.Intermediate.Certificate]));

        StringAssert.Contains(e.Message, "is not signed by certificate 1");
    }

    [TestMethod]
    public void TrailingRootIsLeftOutOfTheChain()
    {
        var pki = DevelopmentPki.Create();

        var signer = KeyLoader.Create(pki.Signer.PrivateKey, [pki.Signer.Certificate, pki.Intermediate.Certificate, pki.Root.Certificate]);

        Assert.AreEqual(2, signer.CertificateChain.Count);
    }
}
