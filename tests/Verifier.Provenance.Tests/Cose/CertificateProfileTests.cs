using Verifier.Provenance.Certificates;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Cose;

/// <summary>The c2pa-rs signer certificate profile, one rule per test, on certificates made in memory.</summary>
[TestClass]
public sealed class CertificateProfileTests
{
    private static readonly Lazy<TestPki.Issued> Root = new(() => TestPki.Root());

    private static StatusLog Check(TestPki.Options options, IReadOnlySet<string>? extraEkus = null)
    {
        var cert = TestPki.Issue(Root.Value, "Signer", options).Cert;
        var log = new StatusLog();
        CertificateProfile.CheckEndEntity(cert, DateTimeOffset.UtcNow, extraEkus ?? CertificateOids.DefaultSignerEkus, null, log, "sig");
        return log;
    }

    private static void AssertInvalid(StatusLog log, string because)
    {
        var entry = log.Entries.SingleOrDefault();
        Assert.IsNotNull(entry, "expected exactly one status");
        Assert.AreEqual(ValidationCodes.SigningCredentialInvalid, entry.Code);
        StringAssert.Contains(entry.Explanation, because);
    }

    [TestMethod]
    public void ConformingSignerPasses()
    {
        var cert = TestPki.Issue(Root.Value, "Signer").Cert;
        var log = new StatusLog();
        Assert.IsTrue(CertificateProfile.CheckEndEntity(cert, DateTimeOffset.UtcNow, CertificateOids.DefaultSignerEkus, null, log, "sig"));
        Assert.AreEqual(0, log.Entries.Count);
    }

    [TestMethod]
    public void CaCertificateIsNotAnEndEntity() =>
        AssertInvalid(Check(new() { IsCa = true, KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.KeyCertSign | Org.BouncyCastle.Asn1.X509.KeyUsage.DigitalSignature }),
            "expected end-entity");

    [TestMethod]
    public void MissingEkuIsInvalid() => AssertInvalid(Check(new() { Ekus = null }), "no extended key usage");

    [TestMethod]
    public void AnyExtendedKeyUsageIsInvalid() => AssertInvalid(Check(new() { Ekus = ["2.5.29.37.0"] }), "'any' EKU");

    [TestMethod]
    public void ServerAuthAloneIsNotASigningEku() => AssertInvalid(Check(new() { Ekus = ["1.3.6.1.5.5.7.3.1"] }), "missing required EKU");

    [TestMethod]
    public void TimeStampingMustStandAlone() =>
        AssertInvalid(Check(new() { Ekus = ["1.3.6.1.5.5.7.3.8", "1.3.6.1.5.5.7.3.4"] }), "invalid set of EKUs");

    [TestMethod]
    public void ExtraEkuFromTheTrustConfigIsAccepted()
    {
        AssertInvalid(Check(new() { Ekus = ["1.2.3.4.5"] }), "missing required EKU");
        var extra = new HashSet<string>(CertificateOids.DefaultSignerEkus) { "1.2.3.4.5" };
        Assert.AreEqual(0, Check(new() { Ekus = ["1.2.3.4.5"] }, extra).Entries.Count);
    }

    [TestMethod]
    public void KeyCertSignOnAnEndEntityIsInvalid() =>
        AssertInvalid(Check(new() { KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.KeyCertSign | Org.BouncyCastle.Asn1.X509.KeyUsage.DigitalSignature }),
            "keyCertSign");

    [TestMethod]
    public void KeyUsageWithoutSigningBitsIsInvalid() =>
        AssertInvalid(Check(new() { KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.KeyEncipherment }), "key usage");

    [TestMethod]
    public void NonRepudiationWithoutDigitalSignatureIsInvalidForAClaimSignerOnly()
    {
        // The C2PA profile asks claim signers for digitalSignature; c2pa-rs (and so TSA/OCSP checks) also take nonRepudiation.
        var cert = TestPki.Issue(Root.Value, "Signer", new() { KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.NonRepudiation }).Cert;
        var log = new StatusLog();
        Assert.IsTrue(CertificateProfile.CheckEndEntity(cert, DateTimeOffset.UtcNow, CertificateOids.DefaultSignerEkus, null, log, "sig"));
        Assert.IsFalse(CertificateProfile.CheckEndEntity(cert, DateTimeOffset.UtcNow, CertificateOids.DefaultSignerEkus, null, log, "sig", claimSigner: true));
        AssertInvalid(log, "lacks digitalSignature");
    }

    [TestMethod]
    public void MissingAuthorityKeyIdentifierIsInvalid() => AssertInvalid(Check(new() { Aki = false }), "authority key identifier");

    [TestMethod]
    public void UnknownCriticalExtensionIsInvalid() =>
        AssertInvalid(Check(new() { CriticalExtension = "1.3.6.1.4.1.99999.7" }), "critical extension 1.3.6.1.4.1.99999.7");

    [TestMethod]
    public void RsaKeyShorterThan2048BitsIsInvalid() =>
        AssertInvalid(Check(new() { Key = TestPki.RsaKey(1024) }), "key length too short");

    [TestMethod]
    public void CurveOutsideP256P384P521IsInvalid() =>
        AssertInvalid(Check(new() { Key = TestPki.EcKey("P-192") }), "unsupported EC curve");

    [TestMethod]
    public void SelfSignedCaIsInvalid() =>
        AssertInvalid(Check(new() { SelfSigned = true, IsCa = true }), "self-signed");

    [TestMethod]
    [DataRow(-400, -10)]
    [DataRow(10, 400)]
    public void OutsideTheValidityWindowIsExpired(int fromDays, int toDays)
    {
        // c2pa-rs reports both an expired and a not-yet-valid signer as signingCredential.expired.
        var log = Check(new() { NotBefore = DateTime.UtcNow.AddDays(fromDays), NotAfter = DateTime.UtcNow.AddDays(toDays) });
        Assert.AreEqual(ValidationCodes.SigningCredentialExpired, log.Entries.Single().Code);
    }
}
