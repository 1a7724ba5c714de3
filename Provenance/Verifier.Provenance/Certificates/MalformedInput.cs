namespace Verifier.Provenance.Certificates;

/// <summary>
/// The exceptions BouncyCastle raises for malformed ASN.1, certificates, CMS and OCSP structures. Hostile input must
/// turn into a status, so callers that parse untrusted structures catch exactly these.
/// </summary>
internal static class MalformedInput
{
    public static bool IsParseError(Exception e) =>
        e is ArgumentException or InvalidCastException or IOException or InvalidOperationException or FormatException
            or OverflowException or IndexOutOfRangeException
            or Org.BouncyCastle.Security.GeneralSecurityException or Org.BouncyCastle.Crypto.CryptoException
            or Org.BouncyCastle.Cms.CmsException or Org.BouncyCastle.Ocsp.OcspException
            or Org.BouncyCastle.Security.Certificates.CertificateException;
}
