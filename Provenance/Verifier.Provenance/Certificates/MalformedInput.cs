namespace Verifier.Provenance.Certificates;

/// <summary>
/// The exceptions BouncyCastle raises for malformed ASN.1, certificates, CMS and OCSP structures. Hostile input must
/// turn into a status; BouncyCastle has no try-parse form and raises a different type per layer (ASN.1 streams,
/// tagged-object casts, certificate extensions, CMS), so callers that parse untrusted structures catch this whole set.
/// </summary>
internal static class MalformedInput
{
    public static bool IsParseError(Exception e) =>
        e is ArgumentException or InvalidCastException or IOException or InvalidOperationException or FormatException
            or OverflowException or IndexOutOfRangeException
            or Org.BouncyCastle.Security.GeneralSecurityException or Org.BouncyCastle.Crypto.CryptoException
            or Org.BouncyCastle.Cms.CmsException or Org.BouncyCastle.Ocsp.OcspException
            or Org.BouncyCastle.Security.Certificates.CertificateException
            or Org.BouncyCastle.Security.SecurityUtilityException;
}
