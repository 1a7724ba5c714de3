using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto.Signers;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Signing;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Provenance.Tests.Keys;

/// <summary>
/// Keys written by .NET's own encoders (PKCS#8, encrypted PKCS#8, SEC1, PKCS#1, PKCS#12) load into signers whose
/// signatures .NET verifies with the certificate's key; mismatched keys and algorithms are refused by name.
/// </summary>
[TestClass]
public sealed class KeyLoaderTests
{
    private static readonly byte[] Data = "Sig_structure stand-in"u8.ToArray();

    public static IEnumerable<object[]> Algorithms() => Enum.GetValues<CoseAlgorithm>().Select(a => new object[] { a });

    [TestMethod]
    [DynamicData(nameof(Algorithms))]
    public void Pkcs8PemInfersTheAlgorithmAndSignsWhatTheCertificateVerifies(CoseAlgorithm alg)
    {
        var dir = Written(alg);
        var signer = KeyLoader.Load(new KeySource(Path.Combine(dir, "signer.key"), Path.Combine(dir, "chain.pem"),
            Algorithm: alg.IsPss() ? alg : null));

        Assert.AreEqual(alg, signer.Algorithm);
        Assert.AreEqual(2, signer.CertificateChain.Count);
        AssertVerifies(signer, Data);
    }

    [TestMethod]
    public void Sec1EcKeyLoads()
    {
        var dir = Written(CoseAlgorithm.Es384);
        using var ec = ECDsa.Create();
        ec.ImportFromPem(File.ReadAllText(Path.Combine(dir, "signer.key")));
        var sec1 = Path.Combine(dir, "sec1.pem");
        File.WriteAllText(sec1, ec.ExportECPrivateKeyPem());
        StringAssert.Contains(File.ReadAllText(sec1), "BEGIN EC PRIVATE KEY");

        var signer = KeyLoader.Load(new KeySource(sec1, Path.Combine(dir, "chain.pem")));

        Assert.AreEqual(CoseAlgorithm.Es384, signer.Algorithm);
        AssertVerifies(signer, Data);
    }

    [TestMethod]
    public void Pkcs1RsaKeyLoadsAsPs256UnlessToldOtherwise()
    {
        var dir = Written(CoseAlgorithm.Ps256);
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Path.Combine(dir, "signer.key")));
        var pkcs1 = Path.Combine(dir, "rsa.pem");
        File.WriteAllText(pkcs1, rsa.ExportRSAPrivateKeyPem());

        Assert.AreEqual(CoseAlgorithm.Ps256, KeyLoader.Load(new KeySource(pkcs1, Path.Combine(dir, "chain.pem"))).Algorithm);
        var ps384 = KeyLoader.Load(new KeySource(pkcs1, Path.Combine(dir, "chain.pem"), CoseAlgorithm.Ps384));
        AssertVerifies(ps384, Data);
    }

    [TestMethod]
    public void EncryptedPkcs8NeedsThePasswordFromTheOptionOrTheEnvironment()
    {
        var dir = Written(CoseAlgorithm.Es256);
        using var ec = ECDsa.Create();
        ec.ImportFromPem(File.ReadAllText(Path.Combine(dir, "signer.key")));
        var encrypted = Path.Combine(dir, "encrypted.key");
        File.WriteAllText(encrypted, ec.ExportEncryptedPkcs8PrivateKeyPem("s3cret",
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));
        var chain = Path.Combine(dir, "chain.pem");

        AssertVerifies(KeyLoader.Load(new KeySource(encrypted, chain, Password: "s3cret")), Data);
        var wrong = Assert.ThrowsExactly<SignerException>(() => KeyLoader.Load(new KeySource(encrypted, chain, Password: "nope")));
        StringAssert.Contains(wrong.Message, "password");

        var previous = Environment.GetEnvironmentVariable(KeyLoader.PasswordVariable);
        try
        {
            Environment.SetEnvironmentVariable(KeyLoader.PasswordVariable, null);
            var missing = Assert.ThrowsExactly<SignerException>(() => KeyLoader.Load(new KeySource(encrypted, chain)));
            StringAssert.Contains(missing.Message, "encrypted");
            StringAssert.Contains(missing.Message, KeyLoader.PasswordVariable);

            Environment.SetEnvironmentVariable(KeyLoader.PasswordVariable, "s3cret");
            AssertVerifies(KeyLoader.Load(new KeySource(encrypted, chain)), Data);
        }
        finally
        {
            Environment.SetEnvironmentVariable(KeyLoader.PasswordVariable, previous);
        }
    }

    [TestMethod]
    public void Pkcs12CarriesKeyAndChain()
    {
        var pki = DevelopmentPkis.For(CoseAlgorithm.Es256);
        var dir = Written(pki);
        using var ec = ECDsa.Create();
        ec.ImportFromPem(File.ReadAllText(Path.Combine(dir, "signer.key")));
        using var leaf = X509CertificateLoader.LoadCertificate(pki.Signer.Certificate.GetEncoded()).CopyWithPrivateKey(ec);
        using var intermediate = X509CertificateLoader.LoadCertificate(pki.Intermediate.Certificate.GetEncoded());
        using var root = X509CertificateLoader.LoadCertificate(pki.Root.Certificate.GetEncoded());
        var p12 = Path.Combine(dir, "signer.p12");
        File.WriteAllBytes(p12, new X509Certificate2Collection { leaf, intermediate, root }
            .ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, "p12pass"));

        var signer = KeyLoader.Load(new KeySource(p12, Password: "p12pass"));

        Assert.AreEqual(CoseAlgorithm.Es256, signer.Algorithm);
        CollectionAssert.AreEqual(pki.Signer.Certificate.GetEncoded(), signer.CertificateChain[0]);
        CollectionAssert.AreEqual(pki.Intermediate.Certificate.GetEncoded(), signer.CertificateChain[1]);
        Assert.AreEqual(2, signer.CertificateChain.Count, "the root is left out of x5chain");
        AssertVerifies(signer, Data);
        var wrong = Assert.ThrowsExactly<SignerException>(() => KeyLoader.Load(new KeySource(p12, Password: "bad")));
        StringAssert.Contains(wrong.Message, "PKCS#12");
    }

    [TestMethod]
    public void KeyOfAnotherCertificateIsRefused()
    {
        var dir = Written(CoseAlgorithm.Es256);
        var other = Written(DevelopmentPki.Create(CoseAlgorithm.Es256));

        var e = Assert.ThrowsExactly<SigningRefusedException>(() =>
            KeyLoader.Load(new KeySource(Path.Combine(other, "signer.key"), Path.Combine(dir, "chain.pem"))));

        Assert.AreEqual(RefusalRule.KeyMismatch, e.Rule);
        StringAssert.Contains(e.Message, "does not match the public key of the signer certificate");
    }

    [TestMethod]
    public void KeyOfAnotherTypeThanTheCertificateIsRefused()
    {
        var ecDir = Written(CoseAlgorithm.Es256);
        var edDir = Written(CoseAlgorithm.Ed25519);

        var e = Assert.ThrowsExactly<SigningRefusedException>(() =>
            KeyLoader.Load(new KeySource(Path.Combine(edDir, "signer.key"), Path.Combine(ecDir, "chain.pem"))));

        Assert.AreEqual(RefusalRule.KeyMismatch, e.Rule);
        StringAssert.Contains(e.Message, "does not match");
        StringAssert.Contains(e.Message, "EC P-256");
    }

    [TestMethod]
    [DataRow(CoseAlgorithm.Es256, CoseAlgorithm.Es384, "--alg es384 does not fit the key (EC P-256")]
    [DataRow(CoseAlgorithm.Es256, CoseAlgorithm.Ps256, "--alg ps256 does not fit the key (EC P-256")]
    [DataRow(CoseAlgorithm.Ps256, CoseAlgorithm.Ed25519, "--alg ed25519 does not fit the key (RSA 2048")]
    public void AlgorithmThatDoesNotFitTheKeyIsRefused(CoseAlgorithm keyAlg, CoseAlgorithm asked, string expected)
    {
        var dir = Written(keyAlg);

        var e = Assert.ThrowsExactly<SignerException>(() =>
            KeyLoader.Load(new KeySource(Path.Combine(dir, "signer.key"), Path.Combine(dir, "chain.pem"), asked)));

        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void UnreadableFilesAreRefusedByName()
    {
        var dir = Oracle.TempDir();
        var garbage = Path.Combine(dir, "garbage.key");
        File.WriteAllText(garbage, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        var chain = Path.Combine(Written(CoseAlgorithm.Es256), "chain.pem");

        StringAssert.Contains(Assert.ThrowsExactly<SignerException>(() => KeyLoader.Load(new KeySource(garbage, chain))).Message, "garbage.key");
        StringAssert.Contains(Assert.ThrowsExactly<SignerException>(() =>
            KeyLoader.Load(new KeySource(Path.Combine(dir, "absent.key"), chain))).Message, "no such key file");
        StringAssert.Contains(Assert.ThrowsExactly<SignerException>(() =>
            KeyLoader.Load(new KeySource(chain, chain))).Message, "no private key found");
        var key = Path.Combine(Path.GetDirectoryName(chain)!, "signer.key");
        StringAssert.Contains(Assert.ThrowsExactly<SignerException>(() => KeyLoader.Load(new KeySource(key))).Message, "--cert");
    }

    /// <summary>The shared PKI for <paramref name="alg"/> written into a fresh folder.</summary>
    internal static string Written(CoseAlgorithm alg) => Written(DevelopmentPkis.For(alg));

    internal static string Written(DevelopmentPki pki)
    {
        var dir = Oracle.TempDir();
        DevelopmentPkiFiles.Write(pki, dir, force: false);
        return dir;
    }

    /// <summary>Checks a signature with .NET (ECDSA P1363, PSS) or BouncyCastle (Ed25519, which .NET lacks).</summary>
    internal static void AssertVerifies(IClaimSigner signer, byte[] data)
    {
        var signature = signer.Sign(data);
        using var cert = X509CertificateLoader.LoadCertificate(signer.CertificateChain[0]);
        var hash = signer.Algorithm.Hash();
        bool ok;
        if (signer.Algorithm.IsEcdsa())
        {
            using var ec = cert.GetECDsaPublicKey()!;
            Assert.AreEqual(2 * ((ec.KeySize + 7) / 8), signature.Length, "ECDSA signatures are raw r||s");
            ok = ec.VerifyData(data, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        else if (signer.Algorithm.IsPss())
        {
            using var rsa = cert.GetRSAPublicKey()!;
            ok = rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pss);
        }
        else
        {
            var verifier = new Ed25519Signer();
            verifier.Init(false, new Org.BouncyCastle.X509.X509Certificate(signer.CertificateChain[0]).GetPublicKey());
            verifier.BlockUpdate(data);
            ok = verifier.VerifySignature(signature);
        }

        Assert.IsTrue(ok, $"{signer.Algorithm} signature does not verify with the signer certificate");
    }
}
