using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Verifier.Provenance.Certificates;

namespace Verifier.Provenance.Cose;

/// <summary>Outcome of checking a COSE signature value against the signer's public key.</summary>
public enum SignatureCheck
{
    Valid,

    /// <summary>The key fits the algorithm but the signature does not verify.</summary>
    Mismatch,

    /// <summary>The certificate's key cannot make signatures of the COSE algorithm (e.g. a P-384 key for ES256).</summary>
    KeyMismatch,
}

/// <summary>
/// Verifies a raw COSE signature: ECDSA as P1363 <c>r‖s</c> and RSASSA-PSS (salt = hash length, keys under
/// rsaEncryption or id-RSASSA-PSS) through System.Security.Cryptography, Ed25519 through BouncyCastle.
/// </summary>
public static class CoseSignatureVerifier
{
    public static SignatureCheck Verify(CoseAlgorithm alg, SubjectPublicKeyInfo key, ReadOnlySpan<byte> toBeSigned,
        ReadOnlySpan<byte> signature)
    {
        string keyAlg = key.Algorithm.Algorithm.Id;
        try
        {
            if (alg.IsEcdsa())
            {
                if (keyAlg != CertificateOids.EcPublicKey || (key.Algorithm.Parameters?.ToAsn1Object() as DerObjectIdentifier)?.Id != CurveOf(alg))
                {
                    return SignatureCheck.KeyMismatch;
                }

                using var ecdsa = ECDsa.Create();
                ecdsa.ImportSubjectPublicKeyInfo(key.GetDerEncoded(), out _);
                return Result(ecdsa.VerifyData(toBeSigned, signature, alg.Hash(), DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
            }

            if (alg.IsPss())
            {
                if (keyAlg is not (CertificateOids.RsaEncryption or CertificateOids.RsassaPss))
                {
                    return SignatureCheck.KeyMismatch;
                }

                // .NET does not import id-RSASSA-PSS SubjectPublicKeyInfo, so take modulus and exponent from the key itself.
                var rsaKey = RsaPublicKeyStructure.GetInstance(key.ParsePublicKey());
                using var rsa = RSA.Create();
                rsa.ImportParameters(new RSAParameters
                {
                    Modulus = rsaKey.Modulus.ToByteArrayUnsigned(),
                    Exponent = rsaKey.PublicExponent.ToByteArrayUnsigned(),
                });
                return Result(rsa.VerifyData(toBeSigned, signature, alg.Hash(), RSASignaturePadding.Pss));
            }

            if (keyAlg != CertificateOids.Ed25519 || key.PublicKey.GetBytes().Length != Ed25519PublicKeyParameters.KeySize)
            {
                return SignatureCheck.KeyMismatch;
            }

            var verifier = new Ed25519Signer();
            verifier.Init(false, new Ed25519PublicKeyParameters(key.PublicKey.GetBytes()));
            verifier.BlockUpdate(toBeSigned);
            return Result(verifier.VerifySignature(signature.ToArray()));
        }
        catch (Exception e) when (e is CryptographicException || MalformedInput.IsParseError(e))
        {
            return SignatureCheck.KeyMismatch;
        }
    }

    /// <summary>
    /// Whether <paramref name="signature"/> parses as a DER <c>SEQUENCE { INTEGER r, INTEGER s }</c>: an ECDSA signature in
    /// the wrong format, which c2pa-rs rejects before anything else.
    /// </summary>
    public static bool IsDerEcdsaSignature(ReadOnlySpan<byte> signature)
    {
        if (!TryReadHeader(signature, 0x30, out int seqLength, out int seqHeader) || seqHeader + seqLength != signature.Length)
        {
            return false;
        }

        var body = signature[seqHeader..];
        for (int i = 0; i < 2; i++)
        {
            if (!TryReadHeader(body, 0x02, out int intLength, out int intHeader) || intLength == 0)
            {
                return false;
            }

            body = body[(intHeader + intLength)..];
        }

        return body.IsEmpty;
    }

    private static bool TryReadHeader(ReadOnlySpan<byte> data, byte tag, out int length, out int headerLength)
    {
        length = headerLength = 0;
        if (data.Length < 2 || data[0] != tag)
        {
            return false;
        }

        if (data[1] < 0x80)
        {
            (length, headerLength) = (data[1], 2);
        }
        else if (data[1] == 0x81 && data.Length >= 3)
        {
            (length, headerLength) = (data[2], 3);
        }
        else if (data[1] == 0x82 && data.Length >= 4)
        {
            (length, headerLength) = ((data[2] << 8) | data[3], 4);
        }
        else
        {
            return false;
        }

        return headerLength + length <= data.Length;
    }

    private static string CurveOf(CoseAlgorithm alg) => alg switch
    {
        CoseAlgorithm.Es256 => CertificateOids.P256,
        CoseAlgorithm.Es384 => CertificateOids.P384,
        _ => CertificateOids.P521,
    };

    private static SignatureCheck Result(bool ok) => ok ? SignatureCheck.Valid : SignatureCheck.Mismatch;
}
