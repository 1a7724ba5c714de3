using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Signing;

namespace Verifier.Provenance.Keys;

/// <summary>A claim signer whose private key is in memory (from PEM, PKCS#8 or PKCS#12); made by <see cref="KeyLoader"/>.</summary>
public sealed class LocalClaimSigner : IClaimSigner
{
    private readonly AsymmetricKeyParameter _key;

    internal LocalClaimSigner(CoseAlgorithm algorithm, AsymmetricKeyParameter key, IReadOnlyList<X509Certificate> chain,
        Uri? timeStampAuthority)
    {
        Algorithm = algorithm;
        _key = key;
        CertificateChain = chain.Select(c => c.GetEncoded()).ToList();
        TimeStampAuthority = timeStampAuthority;
    }

    public CoseAlgorithm Algorithm { get; }

    public IReadOnlyList<byte[]> CertificateChain { get; }

    public Uri? TimeStampAuthority { get; }

    public byte[] Sign(ReadOnlySpan<byte> toBeSigned) => Signatures.Sign(Algorithm, _key, toBeSigned);
}

/// <summary>COSE signatures with BouncyCastle: ECDSA as P1363 r‖s, RSASSA-PSS (salt = hash length), Ed25519.</summary>
internal static class Signatures
{
    public static byte[] Sign(CoseAlgorithm alg, AsymmetricKeyParameter privateKey, ReadOnlySpan<byte> data)
    {
        var signer = SignerUtilities.GetSigner(KeyAlgorithms.CoseSignerName(alg));
        signer.Init(true, privateKey);
        signer.BlockUpdate(data);
        return signer.GenerateSignature();
    }

    public static bool Verify(CoseAlgorithm alg, AsymmetricKeyParameter publicKey, ReadOnlySpan<byte> data, byte[] signature)
    {
        try
        {
            var verifier = SignerUtilities.GetSigner(KeyAlgorithms.CoseSignerName(alg));
            verifier.Init(false, publicKey);
            verifier.BlockUpdate(data);
            return verifier.VerifySignature(signature);
        }
        catch (Exception e) when (e is InvalidKeyException or ArgumentException or CryptoException or InvalidCastException)
        {
            return false; // a key of another type, or a signature of the wrong shape
        }
    }
}
