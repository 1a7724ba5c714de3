namespace Verifier.Provenance.Certificates;

/// <summary>Object identifiers the certificate profile and trust checks compare against.</summary>
internal static class CertificateOids
{
    // Extended key usages.
    public const string AnyExtendedKeyUsage = "2.5.29.37.0";
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    public const string CodeSigning = "1.3.6.1.5.5.7.3.3";
    public const string EmailProtection = "1.3.6.1.5.5.7.3.4";
    public const string TimeStamping = "1.3.6.1.5.5.7.3.8";
    public const string OcspSigning = "1.3.6.1.5.5.7.3.9";
    public const string DocumentSigning = "1.3.6.1.5.5.7.3.36";
    public const string C2paClaimSigning = "1.3.6.1.4.1.62558.2.1";
    public const string MicrosoftC2paSigning = "1.3.6.1.4.1.311.76.59.1.9";

    /// <summary>EKUs c2pa-rs accepts for claim signers beyond emailProtection / timeStamping / OCSPSigning.</summary>
    public static readonly IReadOnlySet<string> DefaultSignerEkus =
        new HashSet<string> { DocumentSigning, C2paClaimSigning, MicrosoftC2paSigning, TimeStamping, OcspSigning };

    // Certificate signature algorithms.
    public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    public const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    public const string Sha512WithRsa = "1.2.840.113549.1.1.13";
    public const string RsassaPss = "1.2.840.113549.1.1.10";
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";
    public const string Ed25519 = "1.3.101.112";

    // Public keys and curves.
    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string P256 = "1.2.840.10045.3.1.7";
    public const string P384 = "1.3.132.0.34";
    public const string P521 = "1.3.132.0.35";

    // Hashes allowed inside RSASSA-PSS parameters.
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";

    // Extensions c2pa-rs understands; any other extension marked critical fails the profile.
    public const string AuthorityKeyIdentifier = "2.5.29.35";
    public const string SubjectKeyIdentifier = "2.5.29.14";
    public const string KeyUsage = "2.5.29.15";
    public const string ExtendedKeyUsage = "2.5.29.37";

    public static readonly IReadOnlySet<string> HandledExtensions = new HashSet<string>
    {
        AuthorityKeyIdentifier, SubjectKeyIdentifier, KeyUsage, ExtendedKeyUsage,
        "2.5.29.32", // certificate policies
        "2.5.29.33", // policy mappings
        "2.5.29.17", // subject alternative name
        "2.5.29.19", // basic constraints
        "2.5.29.30", // name constraints
        "2.5.29.36", // policy constraints
        "2.5.29.31", // CRL distribution points
        "2.5.29.54", // inhibit any-policy
        "1.3.6.1.5.5.7.1.1", // authority information access
        "2.16.840.1.113730.1.1", // Netscape certificate type
        "2.5.29.20", // CRL number
        "2.5.29.21", // reason code
        "2.5.29.24", // invalidity date
    };
}
