using Org.BouncyCastle.X509;

namespace Verifier.Provenance.Certificates;

/// <summary>
/// Decides whether a signing certificate chains to a trust anchor, the way c2pa-rs's trust policy does: a pinned
/// end-entity certificate is trusted as is; otherwise the leaf needs an accepted EKU, the presented chain must be in
/// order (each certificate signed by the next), every certificate must be valid at the signing time, and some
/// certificate of the chain must be issued (and signed) by a configured anchor. Certificates from the file are only
/// ever path-building input: an anchor is never taken from them, so a self-signed root in x5chain earns nothing.
/// </summary>
public static class CertificateTrust
{
    /// <summary>Longer presented chains are hostile (each link costs a signature check); real ones have 2-4 certificates.</summary>
    public const int MaxChainLength = 32;

    /// <summary>Why the last <see cref="Check"/> failed, for the status explanation.</summary>
    public sealed record Outcome(bool Trusted, string Explanation);

    public static Outcome Check(X509Certificate leaf, IReadOnlyList<X509Certificate> chain,
        IReadOnlyList<X509Certificate> anchors, IReadOnlyList<byte[]> allowed, IReadOnlySet<string> acceptedEkus,
        DateTimeOffset at)
    {
        try
        {
            return CheckChain(leaf, chain, anchors, allowed, acceptedEkus, at);
        }
        catch (Exception e) when (MalformedInput.IsParseError(e))
        {
            return new(false, $"a certificate of the chain could not be parsed: {e.Message}");
        }
    }

    private static Outcome CheckChain(X509Certificate leaf, IReadOnlyList<X509Certificate> chain,
        IReadOnlyList<X509Certificate> anchors, IReadOnlyList<byte[]> allowed, IReadOnlySet<string> acceptedEkus,
        DateTimeOffset at)
    {
        var leafDer = leaf.GetEncoded();
        if (allowed.Any(a => a.AsSpan().SequenceEqual(leafDer)))
        {
            return new(true, "signing certificate trusted, found in the allowed list");
        }

        if (chain.Count >= MaxChainLength)
        {
            return new(false, $"the certificate chain has more than {MaxChainLength} certificates");
        }

        if (anchors.Count == 0)
        {
            return new(false, "no trust anchors are configured");
        }

        var ekus = CertificateProfile.Ekus(leaf);
        if (ekus is null || !ekus.Any(e => e is CertificateOids.EmailProtection or CertificateOids.TimeStamping
                or CertificateOids.OcspSigning || acceptedEkus.Contains(e)))
        {
            return new(false, "the signing certificate has no accepted extended key usage");
        }

        var full = new List<X509Certificate> { leaf };
        full.AddRange(chain.Count > 0 && chain[0].Equals(leaf) ? chain.Skip(1) : chain);
        for (int i = 1; i < full.Count; i++)
        {
            if (!SignedBy(full[i - 1], full[i]))
            {
                return new(false, $"certificate {i - 1} of the chain is not signed by certificate {i}");
            }
        }

        // Every presented certificate must be valid at the signing time, the leaf included (c2pa-rs 0.91 reports an
        // expired signer as untrusted even when its issuer is an anchor).
        int expired = full.FindIndex(c => !CertificateProfile.ValidAt(c, at));
        if (expired >= 0)
        {
            return new(false, $"certificate {expired} of the chain is not valid at {at:u}");
        }

        // Walk back from the top of the presented chain, as c2pa-rs does.
        for (int i = full.Count - 1; i >= 0; i--)
        {
            var cert = full[i];
            if (anchors.Any(anchor => cert.IssuerDN.Equivalent(anchor.SubjectDN) && SignedBy(cert, anchor)))
            {
                return new(true, "signing certificate trusted, found in [system_anchors] trust anchors");
            }
        }

        return new(false, "the certificate chain does not lead to a configured trust anchor");
    }

    /// <summary>Whether <paramref name="issuer"/>'s key verifies <paramref name="cert"/>'s signature.</summary>
    internal static bool SignedBy(X509Certificate cert, X509Certificate issuer)
    {
        try
        {
            cert.Verify(issuer.GetPublicKey());
            return true;
        }
        catch (Exception e) when (MalformedInput.IsParseError(e))
        {
            return false;
        }
    }
}
