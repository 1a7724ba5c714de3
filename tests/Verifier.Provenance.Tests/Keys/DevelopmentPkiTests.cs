using Org.BouncyCastle.X509;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Keys;

[TestClass]
public sealed class DevelopmentPkiTests
{
    public static IEnumerable<object[]> Algorithms() => Enum.GetValues<CoseAlgorithm>().Select(a => new object[] { a });

    [TestMethod]
    [DynamicData(nameof(Algorithms))]
    public void SignerAndTsaPassTheC2paProfileAndChainToTheRoot(CoseAlgorithm alg)
    {
        var pki = DevelopmentPkis.For(alg);
        var now = DateTimeOffset.UtcNow;

        var log = new StatusLog();
        Assert.IsTrue(CertificateProfile.CheckEndEntity(pki.Signer.Certificate, now, CertificateOids.DefaultSignerEkus, null, log, null),
            string.Join("; ", log.Entries.Select(e => e.Explanation)));
        Assert.IsTrue(CertificateProfile.CheckEndEntity(pki.TimeStampAuthority.Certificate, now, new HashSet<string>(),
            CertificateOids.TimeStamping, log, null), string.Join("; ", log.Entries.Select(e => e.Explanation)));

        var trust = CertificateTrust.Check(pki.Signer.Certificate, pki.SignerChain, [pki.Root.Certificate], [],
            CertificateOids.DefaultSignerEkus, now);
        Assert.IsTrue(trust.Trusted, trust.Explanation);
        var otherRoot = DevelopmentPkis.For(alg == CoseAlgorithm.Es256 ? CoseAlgorithm.Es384 : CoseAlgorithm.Es256).Root.Certificate;
        Assert.IsFalse(CertificateTrust.Check(pki.Signer.Certificate, pki.SignerChain, [otherRoot], [],
            CertificateOids.DefaultSignerEkus, now).Trusted);
    }

    [TestMethod]
    [DynamicData(nameof(Algorithms))]
    public void KeyTypeAndCertificateSignaturesFollowTheAlgorithm(CoseAlgorithm alg)
    {
        var pki = DevelopmentPkis.For(alg);

        Assert.AreEqual(alg.IsPss() ? CoseAlgorithm.Ps256 : alg, KeyAlgorithms.Infer(pki.Signer.PrivateKey));
        Assert.IsNull(KeyAlgorithms.Misfit(alg, pki.Signer.PrivateKey));
        string expectedSigAlg = alg switch
        {
            CoseAlgorithm.Es256 => "1.2.840.10045.4.3.2",
            CoseAlgorithm.Es384 => "1.2.840.10045.4.3.3",
            CoseAlgorithm.Es512 => "1.2.840.10045.4.3.4",
            CoseAlgorithm.Ed25519 => "1.3.101.112",
            _ => "1.2.840.113549.1.1.10",
        };
        foreach (var cert in new[] { pki.Root.Certificate, pki.Intermediate.Certificate, pki.Signer.Certificate, pki.TimeStampAuthority.Certificate })
        {
            Assert.AreEqual(expectedSigAlg, cert.SigAlgOid, cert.SubjectDN.ToString());
            StringAssert.Contains(cert.SubjectDN.ToString(), "O=Verifier TEST ONLY");
        }

        if (alg.IsPss())
        {
            int bits = ((Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters)pki.Signer.Certificate.GetPublicKey()).Modulus.BitLength;
            Assert.AreEqual(alg switch { CoseAlgorithm.Ps256 => 2048, CoseAlgorithm.Ps384 => 3072, _ => 4096 }, bits);
        }
    }

    [TestMethod]
    public void SignerCertificateHasTheC2paExtensions()
    {
        var signer = DevelopmentPki.Create().Signer.Certificate;

        Assert.AreEqual(3, signer.Version);
        Assert.AreEqual(-1, signer.GetBasicConstraints());
        CollectionAssert.AreEquivalent(new[] { "1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.36" }, signer.GetExtendedKeyUsage().Select(o => o.Id).ToArray());
        Assert.IsTrue(signer.GetKeyUsage()[0], "digitalSignature");
        Assert.IsFalse(signer.GetKeyUsage()[5], "keyCertSign");
        var critical = signer.GetCriticalExtensionOids();
        Assert.IsTrue(critical.Contains("2.5.29.15") && critical.Contains("2.5.29.19") && critical.Contains("2.5.29.37"));
        Assert.IsNotNull(signer.GetExtensionValue(Org.BouncyCastle.Asn1.X509.X509Extensions.AuthorityKeyIdentifier));
        Assert.IsNotNull(signer.GetExtensionValue(Org.BouncyCastle.Asn1.X509.X509Extensions.SubjectKeyIdentifier));
    }

    [TestMethod]
    public void WritesTheSixFilesMarkedTestOnlyAndRefusesToOverwrite()
    {
        var dir = Support.Oracle.TempDir();
        var pki = DevelopmentPki.Create();
        var written = DevelopmentPkiFiles.Write(pki, dir, force: false);

        CollectionAssert.AreEquivalent(new[] { "root.pem", "chain.pem", "signer.key", "tsa.pem", "tsa-chain.pem", "tsa.key" },
            written.Select(Path.GetFileName).ToArray());
        foreach (var path in written)
        {
            StringAssert.StartsWith(File.ReadAllLines(path)[0], "# TEST ONLY", path);
        }

        Assert.AreEqual(2, KeyFiles.ReadCertificates(Path.Combine(dir, "chain.pem")).Count);
        Assert.AreEqual(pki.Root.Certificate, KeyFiles.ReadCertificates(Path.Combine(dir, "root.pem")).Single());
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "signer.key")));
        }

        var before = File.ReadAllText(Path.Combine(dir, "signer.key"));
        var refusal = Assert.ThrowsExactly<SignerException>(() => DevelopmentPkiFiles.Write(DevelopmentPki.Create(), dir, force: false));
        StringAssert.Contains(refusal.Message, "--force");
        Assert.AreEqual(before, File.ReadAllText(Path.Combine(dir, "signer.key")));

        DevelopmentPkiFiles.Write(DevelopmentPki.Create(), dir, force: true);
        Assert.AreNotEqual(before, File.ReadAllText(Path.Combine(dir, "signer.key")));
    }
}
