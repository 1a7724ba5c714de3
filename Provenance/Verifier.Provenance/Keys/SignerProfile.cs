using Org.BouncyCastle.X509;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Signing;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Keys;

/// <summary>
/// Refuses to sign with a chain that c2pa-rs would reject: a signer certificate outside the C2PA profile (the message
/// names the rule, as <c>signingCredential.invalid</c> would) or a chain out of order. Cheaper to learn before signing
/// than from a verifier afterwards.
/// </summary>
public static class SignerProfile
{
    /// <exception cref="SigningRefusedException">The signer certificate breaks the profile; the message names the rule.</exception>
    /// <exception cref="SignerException">The chain is empty or out of order.</exception>
    public static void Ensure(IReadOnlyList<X509Certificate> chain, DateTimeOffset at)
    {
        var leaf = chain.Count > 0 ? chain[0] : throw new SignerException("the certificate chain is empty");
        var log = new StatusLog();
        if (!CertificateProfile.CheckEndEntity(leaf, at, CertificateOids.DefaultSignerEkus, null, log, null, claimSigner: true))
        {
            var rule = log.Entries.LastOrDefault()?.Explanation ?? "a certificate field c2pa-rs cannot accept";
            throw new SigningRefusedException(RefusalRule.CertificateProfile,
                $"the signer certificate '{leaf.SubjectDN}' breaks the C2PA certificate profile: {rule}");
        }

        for (int i = 1; i < chain.Count; i++)
        {
            if (!CertificateTrust.SignedBy(chain[i - 1], chain[i]))
            {
                throw new SignerException(
                    $"certificate {i - 1} of the chain ('{chain[i - 1].SubjectDN}') is not signed by certificate {i} ('{chain[i].SubjectDN}'); list the signer first, then its issuers in order");
            }
        }
    }
}
