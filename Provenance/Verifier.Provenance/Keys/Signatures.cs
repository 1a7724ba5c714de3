using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Verifier.Provenance.Cose;

namespace Verifier.Provenance.Keys;

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
