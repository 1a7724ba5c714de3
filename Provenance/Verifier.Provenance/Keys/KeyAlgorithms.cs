using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Verifier.Provenance.Cose;

namespace Verifier.Provenance.Keys;

/// <summary>
/// What each C2PA algorithm means for keys: the key pair it needs, the BouncyCastle names for certificate and COSE
/// signatures, and which algorithm a given key implies or admits.
/// </summary>
public static class KeyAlgorithms
{
    /// <summary>The <c>--alg</c> spellings, as c2patool and the oracle write them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["es256", "es384", "es512", "ps256", "ps384", "ps512", "ed25519"];

    /// <summary>Parses an <c>--alg</c> value (case-insensitive), or null when C2PA has no such algorithm.</summary>
    public static CoseAlgorithm? Parse(string name) =>
        Names.Contains(name.ToLowerInvariant()) ? Enum.Parse<CoseAlgorithm>(name, ignoreCase: true) : null;

    public static string CliName(this CoseAlgorithm alg) => alg.ToString().ToLowerInvariant();

    /// <summary>A fresh key pair for <paramref name="alg"/>: the P-curve of its hash, RSA 2048/3072/4096, or Ed25519.</summary>
    public static AsymmetricCipherKeyPair GenerateKeyPair(CoseAlgorithm alg, SecureRandom random)
    {
        switch (alg)
        {
            case CoseAlgorithm.Ed25519:
                var ed = new Ed25519KeyPairGenerator();
                ed.Init(new Ed25519KeyGenerationParameters(random));
                return ed.GenerateKeyPair();
            case CoseAlgorithm.Ps256 or CoseAlgorithm.Ps384 or CoseAlgorithm.Ps512:
                // .NET's platform RSA (OpenSSL on Linux) makes 4096-bit keys many times faster than managed code.
                using (var rsa = RSA.Create(RsaBits(alg)))
                {
                    return DotNetUtilities.GetRsaKeyPair(rsa.ExportParameters(includePrivateParameters: true));
                }

            default:
                var ec = new ECKeyPairGenerator();
                ec.Init(new ECKeyGenerationParameters(CurveOid(alg), random));
                return ec.GenerateKeyPair();
        }
    }

    /// <summary>The BouncyCastle name for certificates signed with <paramref name="alg"/>'s key (PSS keeps explicit parameters).</summary>
    internal static string CertificateSignatureName(CoseAlgorithm alg) => alg switch
    {
        CoseAlgorithm.Es256 => "SHA256WITHECDSA",
        CoseAlgorithm.Es384 => "SHA384WITHECDSA",
        CoseAlgorithm.Es512 => "SHA512WITHECDSA",
        CoseAlgorithm.Ps256 => "SHA256WITHRSAANDMGF1",
        CoseAlgorithm.Ps384 => "SHA384WITHRSAANDMGF1",
        CoseAlgorithm.Ps512 => "SHA512WITHRSAANDMGF1",
        _ => "Ed25519",
    };

    /// <summary>
    /// The BouncyCastle signer for COSE: plain (P1363 r‖s) ECDSA, RSASSA-PSS with MGF1 over the same hash and a salt of
    /// the hash length, or Ed25519.
    /// </summary>
    internal static string CoseSignerName(CoseAlgorithm alg) => alg switch
    {
        CoseAlgorithm.Es256 => "SHA-256withPLAIN-ECDSA",
        CoseAlgorithm.Es384 => "SHA-384withPLAIN-ECDSA",
        CoseAlgorithm.Es512 => "SHA-512withPLAIN-ECDSA",
        _ => CertificateSignatureName(alg),
    };

    /// <summary>The algorithm a key implies: its curve for EC, PS256 for RSA, Ed25519; null for anything else.</summary>
    public static CoseAlgorithm? Infer(AsymmetricKeyParameter key) => key switch
    {
        ECKeyParameters ec => CurveBits(ec) switch
        {
            256 => CoseAlgorithm.Es256,
            384 => CoseAlgorithm.Es384,
            521 => CoseAlgorithm.Es512,
            _ => null,
        },
        RsaKeyParameters => CoseAlgorithm.Ps256,
        Ed25519PublicKeyParameters or Ed25519PrivateKeyParameters => CoseAlgorithm.Ed25519,
        _ => null,
    };

    /// <summary>Why <paramref name="alg"/> cannot sign with <paramref name="key"/>, or null when it can.</summary>
    public static string? Misfit(CoseAlgorithm alg, AsymmetricKeyParameter key)
    {
        var implied = Infer(key);
        if (implied is null)
        {
            return $"the key ({Describe(key)}) has no C2PA signature algorithm";
        }

        bool fits = alg.IsPss() ? implied == CoseAlgorithm.Ps256 : implied == alg;
        if (!fits)
        {
            return $"--alg {alg.CliName()} does not fit the key ({Describe(key)}, which signs {(implied == CoseAlgorithm.Ps256 ? "ps256, ps384 or ps512" : implied.Value.CliName())})";
        }

        return key is RsaKeyParameters rsa && rsa.Modulus.BitLength < 2048
            ? $"the RSA key has {rsa.Modulus.BitLength} bits; C2PA needs at least 2048"
            : null;
    }

    /// <summary>A short description of a key for messages: "EC P-256", "RSA 3072", "Ed25519".</summary>
    public static string Describe(AsymmetricKeyParameter key) => key switch
    {
        ECKeyParameters ec => $"EC P-{CurveBits(ec)}",
        RsaKeyParameters rsa => $"RSA {rsa.Modulus.BitLength}",
        Ed25519PublicKeyParameters or Ed25519PrivateKeyParameters => "Ed25519",
        _ => key.GetType().Name,
    };

    private static int CurveBits(ECKeyParameters ec) => ec.Parameters.Curve.FieldSize;

    private static int RsaBits(CoseAlgorithm alg) => alg switch
    {
        CoseAlgorithm.Ps256 => 2048,
        CoseAlgorithm.Ps384 => 3072,
        _ => 4096,
    };

    private static Org.BouncyCastle.Asn1.DerObjectIdentifier CurveOid(CoseAlgorithm alg) => alg switch
    {
        CoseAlgorithm.Es256 => X9ObjectIdentifiers.Prime256v1,
        CoseAlgorithm.Es384 => SecObjectIdentifiers.SecP384r1,
        _ => SecObjectIdentifiers.SecP521r1,
    };
}
