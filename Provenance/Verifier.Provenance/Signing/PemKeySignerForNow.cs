using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Security;
using Verifier.Provenance.Cose;

namespace Verifier.Provenance.Signing;

/// <summary>
/// A stop-gap <see cref="IClaimSigner"/> over an unencrypted PEM key (PKCS#8, SEC1 EC, PKCS#1 RSA; Ed25519 too),
/// until the keys work lands its loader (encrypted PKCS#8, PKCS#12, <c>--signer-cmd</c>); then this class goes.
/// BouncyCastle signs everything: ECDSA as plain r‖s, RSASSA-PSS with MGF1 and a hash-length salt, Ed25519.
/// </summary>
public sealed class PemKeySignerForNow : IClaimSigner
{
    private readonly AsymmetricKeyParameter _key;

    private PemKeySignerForNow(AsymmetricKeyParameter key, CoseAlgorithm alg, IReadOnlyList<byte[]> chain, Uri? tsa)
    {
        _key = key;
        Algorithm = alg;
        CertificateChain = chain;
        TimeStampAuthority = tsa;
    }

    public CoseAlgorithm Algorithm { get; }

    public IReadOnlyList<byte[]> CertificateChain { get; }

    public Uri? TimeStampAuthority { get; }

    /// <summary>
    /// Loads the chain (signer first) and the key; <paramref name="alg"/> null infers it from the key (P-256/384/521 to
    /// ES256/384/512, RSA to PS256, Ed25519). A PEM that holds no usable key throws <see cref="FormatException"/>.
    /// </summary>
    public static PemKeySignerForNow Load(string chainPem, string keyPem, CoseAlgorithm? alg, Uri? tsa = null)
    {
        var chain = ReadCertificates(chainPem);
        if (chain.Count == 0)
        {
            throw new FormatException("the certificate file holds no PEM certificate");
        }

        var key = ReadKey(keyPem);
        return new PemKeySignerForNow(key, alg ?? Infer(key), chain, tsa);
    }

    public byte[] Sign(ReadOnlySpan<byte> toBeSigned)
    {
        var signer = SignerUtilities.GetSigner(Algorithm switch
        {
            CoseAlgorithm.Es256 => "SHA-256withPLAIN-ECDSA",
            CoseAlgorithm.Es384 => "SHA-384withPLAIN-ECDSA",
            CoseAlgorithm.Es512 => "SHA-512withPLAIN-ECDSA",
            CoseAlgorithm.Ps256 => "SHA-256withRSAandMGF1",
            CoseAlgorithm.Ps384 => "SHA-384withRSAandMGF1",
            CoseAlgorithm.Ps512 => "SHA-512withRSAandMGF1",
            _ => "Ed25519",
        });
        try
        {
            signer.Init(true, _key);
            signer.BlockUpdate(toBeSigned);
            return signer.GenerateSignature();
        }
        catch (Exception e) when (e is InvalidKeyException or ArgumentException or InvalidCastException)
        {
            // A key of another kind than the algorithm: return no signature, so the caller's key check refuses it.
            return [];
        }
    }

    private static List<byte[]> ReadCertificates(string pem)
    {
        var list = new List<byte[]>();
        using var reader = new PemReader(new StringReader(pem));
        while (reader.ReadPemObject() is { } obj)
        {
            if (obj.Type == "CERTIFICATE")
            {
                list.Add(obj.Content);
            }
        }

        return list;
    }

    private static AsymmetricKeyParameter ReadKey(string pem)
    {
        using var reader = new PemReader(new StringReader(pem));
        while (true)
        {
            object? obj;
            try
            {
                obj = reader.ReadObject();
            }
            catch (Exception e) when (e is IOException or PemException or ArgumentException or InvalidCastException)
            {
                throw new FormatException($"the key file could not be read: {e.Message}", e);
            }

            switch (obj)
            {
                case null:
                    throw new FormatException("the key file holds no unencrypted private key (PKCS#8, EC or RSA PEM)");
                case AsymmetricCipherKeyPair pair:
                    return pair.Private;
                case AsymmetricKeyParameter { IsPrivate: true } key:
                    return key;
            }
        }
    }

    private static CoseAlgorithm Infer(AsymmetricKeyParameter key) => key switch
    {
        ECPrivateKeyParameters ec => ec.Parameters.Curve.FieldSize switch
        {
            256 => CoseAlgorithm.Es256,
            384 => CoseAlgorithm.Es384,
            521 => CoseAlgorithm.Es512,
            var bits => throw new FormatException($"an EC key on a {bits}-bit curve has no C2PA algorithm"),
        },
        RsaKeyParameters => CoseAlgorithm.Ps256,
        Ed25519PrivateKeyParameters => CoseAlgorithm.Ed25519,
        _ => throw new FormatException($"a {key.GetType().Name} key has no C2PA algorithm"),
    };
}
