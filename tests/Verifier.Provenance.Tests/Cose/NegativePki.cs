using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Provenance.Tests.Cose;

/// <summary>
/// The TEST-ONLY PKI the crypto-negative matrix shares: a root (the one trust anchor, valid for three years back so
/// that back-dated time stamps chain), an intermediate CA, a conforming TSA under it, and one key per key type, reused
/// by every certificate of that type (RSA keys are slow to make). Certificates are made per case, keys never are.
/// </summary>
internal sealed class NegativePki
{
    private static readonly Lazy<NegativePki> Shared = new(() => new NegativePki(), LazyThreadSafetyMode.ExecutionAndPublication);

    private NegativePki()
    {
        var longAgo = DateTime.UtcNow.AddYears(-3);
        Root = TestPki.Root("Negative Root", longAgo);
        Intermediate = TestPki.Issue(Root, "Negative Intermediate", CaOptions(longAgo));
        Carrier = TestPki.Issue(Intermediate, "Carrier Signer", new() { Key = P256 });
        Tsa = TestPki.Issue(Intermediate, "Negative TSA", new()
        {
            Key = P256, Ekus = [TimeStampingEku], NotBefore = longAgo, NotAfter = DateTime.UtcNow.AddYears(1),
        });
        AnchorsPem = Path.Combine(Oracle.TempDir(), "negative-anchors.pem");
        File.WriteAllText(AnchorsPem, Pem(Root.Der));
        Trust = TestTrust.Anchors(AnchorsPem);
    }

    public const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";

    public static NegativePki Instance => Shared.Value;

    public AsymmetricCipherKeyPair P256 { get; } = TestPki.EcKey();

    public AsymmetricCipherKeyPair P384 { get; } = TestPki.EcKey("P-384");

    public AsymmetricCipherKeyPair P192 { get; } = TestPki.EcKey("P-192");

    public AsymmetricCipherKeyPair Rsa2048 { get; } = Rsa(2048);

    public AsymmetricCipherKeyPair Rsa1024 { get; } = Rsa(1024);

    public AsymmetricCipherKeyPair Ed25519 { get; } = NewEd25519();

    public TestPki.Issued Root { get; }

    public TestPki.Issued Intermediate { get; }

    /// <summary>The conforming signer Builder signs with before the forged signature replaces its COSE.</summary>
    public TestPki.Issued Carrier { get; }

    /// <summary>A time-stamp authority that chains to <see cref="Root"/>, with timeStamping as its only EKU.</summary>
    public TestPki.Issued Tsa { get; }

    /// <summary>One PEM file holding <see cref="Root"/> (for <c>verify.mjs --trust</c>): the signer and TSA anchor.</summary>
    public string AnchorsPem { get; }

    public TrustSettings Trust { get; }

    /// <summary>A signer certificate under <see cref="Intermediate"/> with <paramref name="options"/> (P-256 key unless told).</summary>
    public TestPki.Issued Signer(TestPki.Options? options = null) =>
        TestPki.Issue(Intermediate, "Negative Signer", (options ?? new()) with { Key = options?.Key ?? P256 });

    public static TestPki.Options CaOptions(DateTime notBefore) => new()
    {
        IsCa = true,
        Ekus = null,
        KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.KeyCertSign | Org.BouncyCastle.Asn1.X509.KeyUsage.CrlSign,
        NotBefore = notBefore,
        NotAfter = DateTime.UtcNow.AddYears(5),
    };

    public static string Pem(params byte[][] ders) =>
        string.Concat(ders.Select(d => new string(PemEncoding.Write("CERTIFICATE", d)) + "\n"));

    public static string KeyPem(AsymmetricKeyParameter key) =>
        new string(PemEncoding.Write("PRIVATE KEY", PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetDerEncoded())) + "\n";

    // .NET's platform RSA makes keys many times faster than managed BouncyCastle.
    private static AsymmetricCipherKeyPair Rsa(int bits)
    {
        using var rsa = RSA.Create(bits);
        return DotNetUtilities.GetRsaKeyPair(rsa.ExportParameters(includePrivateParameters: true));
    }

    private static AsymmetricCipherKeyPair NewEd25519()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        return generator.GenerateKeyPair();
    }
}
