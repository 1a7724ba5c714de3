using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Verifier.Provenance.Cose;

namespace Verifier.Provenance.Keys;

/// <summary>
/// A development PKI for signing tests and demos (never production): a root CA, an intermediate CA, a C2PA claim
/// signer and an RFC 3161 time-stamp authority under the intermediate. The CAs and the signer use the key type of
/// <see cref="Algorithm"/> and sign certificates with it; the TSA always has a P-256 key (every verifier takes ES256
/// time stamps, as c2pa-rs's own test TSA does). Every subject carries <c>O=Verifier TEST ONLY</c>.
/// </summary>
public sealed class DevelopmentPki
{
    public const string Organization = "Verifier TEST ONLY";

    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan EndEntityLifetime = TimeSpan.FromDays(825);

    private DevelopmentPki(CoseAlgorithm algorithm, IssuedCertificate root, IssuedCertificate intermediate,
        IssuedCertificate signer, IssuedCertificate timeStampAuthority)
    {
        Algorithm = algorithm;
        Root = root;
        Intermediate = intermediate;
        Signer = signer;
        TimeStampAuthority = timeStampAuthority;
    }

    public CoseAlgorithm Algorithm { get; }

    public IssuedCertificate Root { get; }

    public IssuedCertificate Intermediate { get; }

    public IssuedCertificate Signer { get; }

    public IssuedCertificate TimeStampAuthority { get; }

    /// <summary>The signer's chain as it goes into COSE <c>x5chain</c>: signer, then intermediate.</summary>
    public IReadOnlyList<X509Certificate> SignerChain => [Signer.Certificate, Intermediate.Certificate];

    /// <summary>The TSA's chain as a time stamp carries it: TSA, then intermediate.</summary>
    public IReadOnlyList<X509Certificate> TimeStampChain => [TimeStampAuthority.Certificate, Intermediate.Certificate];

    /// <summary>Makes fresh keys and certificates valid from a day before <paramref name="now"/> (default: the clock).</summary>
    public static DevelopmentPki Create(CoseAlgorithm algorithm = CoseAlgorithm.Es256, DateTimeOffset? now = null)
    {
        var random = new SecureRandom();
        var at = now ?? DateTimeOffset.UtcNow;
        string suffix = algorithm == CoseAlgorithm.Es256 ? "" : " " + algorithm.CliName().ToUpperInvariant();
        string Name(string cn) => $"CN=Verifier Development {cn}{suffix},O={Organization}";

        var root = CertificateIssuer.Issue(CertificateRole.Root, Name("Root CA"),
            KeyAlgorithms.GenerateKeyPair(algorithm, random), null, algorithm, at, CaLifetime, random);
        var intermediate = CertificateIssuer.Issue(CertificateRole.Intermediate, Name("Intermediate CA"),
            KeyAlgorithms.GenerateKeyPair(algorithm, random), root, algorithm, at, CaLifetime, random);
        var signer = CertificateIssuer.Issue(CertificateRole.Signer, Name("Signer"),
            KeyAlgorithms.GenerateKeyPair(algorithm, random), intermediate, algorithm, at, EndEntityLifetime, random);
        var tsa = CertificateIssuer.Issue(CertificateRole.TimeStampAuthority, Name("TSA"),
            KeyAlgorithms.GenerateKeyPair(CoseAlgorithm.Es256, random), intermediate, algorithm, at, EndEntityLifetime, random);
        return new DevelopmentPki(algorithm, root, intermediate, signer, tsa);
    }
}
