using System.Security.Cryptography;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Signing;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.TimeStamps;

namespace Verifier.Provenance.Tests.Signing;

/// <summary>
/// One loopback TSA over a <see cref="DevelopmentPki"/>, its RFC 3161 client, and one trust-anchor bundle holding the
/// TSA's root beside the oracle's root, for a test class to share: c2pa-rs takes time-stamp anchors from the same
/// trust list as signer anchors, so both verifiers get the same file.
/// </summary>
internal sealed class TimeStampedTrust : IDisposable
{
    private TimeStampedTrust(DevelopmentPki pki, LocalTimeStampAuthority authority, string anchorsPem)
    {
        Pki = pki;
        Authority = authority;
        Stamper = new Rfc3161Client(authority.Url);
        AnchorsPem = anchorsPem;
        Anchors = TestTrust.Anchors(anchorsPem);
    }

    public DevelopmentPki Pki { get; }

    public LocalTimeStampAuthority Authority { get; }

    public ITimeStamper Stamper { get; }

    /// <summary>The oracle's root and <see cref="Pki"/>'s root, one PEM file (for <c>verify.mjs --trust</c>).</summary>
    public string AnchorsPem { get; }

    public TrustSettings Anchors { get; }

    /// <summary>Starts a TSA signing with <paramref name="pki"/>'s TSA key (at <paramref name="fixedTime"/> when set).</summary>
    public static TimeStampedTrust Start(DevelopmentPki pki, DateTimeOffset? fixedTime = null)
    {
        var anchors = Path.Combine(Oracle.TempDir(), "anchors.pem");
        var tsaRoot = new string(PemEncoding.Write("CERTIFICATE", pki.Root.Certificate.GetEncoded()));
        File.WriteAllText(anchors, File.ReadAllText(Oracle.Instance.RootPem).TrimEnd() + "\n" + tsaRoot + "\n");
        return new TimeStampedTrust(pki, LocalTimeStampAuthority.Start(pki, fixedTime), anchors);
    }

    public void Dispose() => Authority.Dispose();
}
