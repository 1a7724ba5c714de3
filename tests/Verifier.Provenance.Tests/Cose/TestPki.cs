using System.Formats.Cbor;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace Verifier.Provenance.Tests.Cose;

/// <summary>
/// TEST-ONLY certificates made in memory with BouncyCastle (P-256 keys unless told), for profile, trust, OCSP and
/// hostile-input tests that the oracle's fixed certificates cannot cover. Nothing is written to disk.
/// </summary>
internal static class TestPki
{
    private static readonly SecureRandom Random = new();

    public sealed record Issued(X509Certificate Cert, AsymmetricCipherKeyPair Key)
    {
        public byte[] Der => Cert.GetEncoded();
    }

    /// <summary>What an end-entity certificate carries; defaults are the C2PA profile.</summary>
    public sealed record Options
    {
        public string[]? Ekus { get; init; } = ["1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.36"];
        public int KeyUsage { get; init; } = Org.BouncyCastle.Asn1.X509.KeyUsage.DigitalSignature;
        public bool IsCa { get; init; }
        public bool Aki { get; init; } = true;
        public DateTime NotBefore { get; init; } = DateTime.UtcNow.AddDays(-1);
        public DateTime NotAfter { get; init; } = DateTime.UtcNow.AddYears(1);
        public string? CriticalExtension { get; init; }
        public AsymmetricCipherKeyPair? Key { get; init; }
        public bool SelfSigned { get; init; }
    }

    public static AsymmetricCipherKeyPair EcKey(string curve = "P-256")
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetOid(curve), Random));
        return generator.GenerateKeyPair();
    }

    public static AsymmetricCipherKeyPair RsaKey(int bits)
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new KeyGenerationParameters(Random, bits));
        return generator.GenerateKeyPair();
    }

    /// <summary>A P-256 root CA, valid from <paramref name="notBefore"/> (default: two days ago) for five years.</summary>
    public static Issued Root(string name = "Test Root", DateTime? notBefore = null)
    {
        var key = EcKey();
        var gen = Generator($"CN={name},O=Verifier TEST ONLY", $"CN={name},O=Verifier TEST ONLY", key.Public,
            notBefore ?? DateTime.UtcNow.AddDays(-2), DateTime.UtcNow.AddYears(5));
        gen.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(true));
        gen.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign | KeyUsage.DigitalSignature));
        gen.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(key.Public));
        return new Issued(gen.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", key.Private)), key);
    }

    public static Issued Issue(Issued issuer, string cn, Options? options = null)
    {
        options ??= new Options();
        var key = options.Key ?? EcKey();
        string subject = $"CN={cn},O=Verifier TEST ONLY";
        var gen = Generator(options.SelfSigned ? subject : issuer.Cert.SubjectDN.ToString(), subject, key.Public,
            options.NotBefore, options.NotAfter);
        gen.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(options.IsCa));
        if (options.KeyUsage != 0)
        {
            gen.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(options.KeyUsage));
        }

        if (options.Ekus is { } ekus)
        {
            gen.AddExtension(X509Extensions.ExtendedKeyUsage, false,
                new ExtendedKeyUsage(ekus.Select(e => KeyPurposeID.GetInstance(new DerObjectIdentifier(e))).ToArray()));
        }

        gen.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(key.Public));
        if (options.Aki)
        {
            gen.AddExtension(X509Extensions.AuthorityKeyIdentifier, false,
                X509ExtensionUtilities.CreateAuthorityKeyIdentifier(options.SelfSigned ? key.Public : issuer.Cert.GetPublicKey()));
        }

        if (options.CriticalExtension is { } oid)
        {
            gen.AddExtension(oid, true, new DerOctetString([1, 2, 3]));
        }

        var signingKey = options.SelfSigned ? key.Private : issuer.Key.Private;
        string algorithm = signingKey is RsaKeyParameters ? "SHA256WITHRSA" : "SHA256WITHECDSA";
        return new Issued(gen.Generate(new Asn1SignatureFactory(algorithm, signingKey)), key);
    }

    /// <summary>
    /// A tagged COSE_Sign1 with a detached payload, ES256-signed with <paramref name="signer"/>'s key, x5chain in the
    /// protected header; <paramref name="unprotected"/> writes extra unprotected entries (after none by default).
    /// </summary>
    public static byte[] SignEs256(byte[] payload, Issued signer, IReadOnlyList<byte[]>? chain = null,
        Action<CborWriter>? unprotected = null, int unprotectedCount = 0, long? alg = -7)
    {
        var header = new CborWriter();
        header.WriteStartMap(alg is null ? 1 : 2);
        if (alg is { } a)
        {
            header.WriteInt32(1);
            header.WriteInt64(a);
        }

        header.WriteInt32(33);
        var certs = chain ?? [signer.Der];
        header.WriteStartArray(certs.Count);
        foreach (var c in certs)
        {
            header.WriteByteString(c);
        }

        header.WriteEndArray();
        header.WriteEndMap();
        var protectedBytes = header.Encode();

        var tbs = new CborWriter();
        tbs.WriteStartArray(4);
        tbs.WriteTextString("Signature1");
        tbs.WriteByteString(protectedBytes);
        tbs.WriteByteString([]);
        tbs.WriteByteString(payload);
        tbs.WriteEndArray();

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(
            Org.BouncyCastle.Pkcs.PrivateKeyInfoFactory.CreatePrivateKeyInfo(signer.Key.Private).GetDerEncoded(), out _);
        var signature = ecdsa.SignData(tbs.Encode(), HashAlgorithmName.SHA256);

        var cose = new CborWriter();
        cose.WriteTag((CborTag)18);
        cose.WriteStartArray(4);
        cose.WriteByteString(protectedBytes);
        cose.WriteStartMap(unprotectedCount);
        unprotected?.Invoke(cose);
        cose.WriteEndMap();
        cose.WriteNull();
        cose.WriteByteString(signature);
        cose.WriteEndArray();
        return cose.Encode();
    }

    private static X509V3CertificateGenerator Generator(string issuer, string subject, AsymmetricKeyParameter publicKey,
        DateTime notBefore, DateTime notAfter)
    {
        var gen = new X509V3CertificateGenerator();
        gen.SetSerialNumber(new BigInteger(64, Random).Add(BigInteger.One));
        gen.SetIssuerDN(new X509Name(issuer));
        gen.SetSubjectDN(new X509Name(subject));
        gen.SetNotBefore(notBefore);
        gen.SetNotAfter(notAfter);
        gen.SetPublicKey(publicKey);
        return gen;
    }
}
