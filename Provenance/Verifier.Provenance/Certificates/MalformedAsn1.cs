namespace Verifier.Provenance.Certificates;

/// <summary>
/// The exceptions BouncyCastle throws for hostile DER/CMS/OCSP bytes. Its parsers have no try-parse form and raise a
/// different type per layer (ASN.1 streams, tagged-object casts, certificate extensions, CMS), so every call that parses
/// untrusted ASN.1 catches this whole set and turns it into a status code.
/// </summary>
internal static class MalformedAsn1
{
    public static bool Is(Exception e) =>
        e is ArgumentException or InvalidCastException or IOException or InvalidOperationException or FormatException
            or OverflowException
            or Org.BouncyCastle.Security.GeneralSecurityException // certificate, CRL, signature exceptions
            or Org.BouncyCastle.Cms.CmsException
            or Org.BouncyCastle.Ocsp.OcspException
            or Org.BouncyCastle.Crypto.CryptoException
            or Org.BouncyCastle.Security.SecurityUtilityException;
}
