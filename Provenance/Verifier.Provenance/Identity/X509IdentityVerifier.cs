using Org.BouncyCastle.X509;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Identity;

/// <summary>
/// <c>cawg.x509.cose</c>: a COSE_Sign1 over the re-serialised signer payload (detached), checked with the same rules as
/// a claim signature (no time stamp, no OCSP) against the CAWG trust settings. c2pa-rs logs the shared COSE codes and
/// then renames them to their <c>cawg.x509.*</c> equivalents; this logs the CAWG names directly.
/// </summary>
public static class X509IdentityVerifier
{
    /// <summary>True when the signature verifies (trusted or not); every problem is logged under <paramref name="url"/>.</summary>
    public static bool Verify(ReadOnlyMemory<byte> signature, byte[] payload, TrustSettings trust, StatusLog log, string url)
    {
        if (CoseSign1.TryDecode(signature, out var error) is not { } sign1)
        {
            log.Add(IdentityCodes.X509SignatureMismatch, url, $"could not parse signature: {error}");
            return false;
        }

        if ((sign1.AlgorithmId is { } id ? CoseAlgorithms.FromId(id) : null) is not { } alg)
        {
            log.Add(IdentityCodes.X509AlgorithmUnsupported, url, "unsupported or missing Cose algorithm");
            return false;
        }

        if (alg.IsEcdsa() && CoseSignatureVerifier.IsDerEcdsaSignature(sign1.Signature.Span))
        {
            log.Add(IdentityCodes.X509CredentialInvalid, url, "unsupported signature format (EC signature should be in P1363 r|s format)");
            return false;
        }

        var chain = sign1.CertificateChain(out var chainError);
        var parsed = chain?.Select(CertificateReader.TryParse).ToList();
        if (chain is null || parsed![0] is not { } leaf)
        {
            log.Add(IdentityCodes.X509CredentialInvalid, url, chainError ?? "certificate could not be parsed");
            return false;
        }

        var at = trust.Now ?? DateTimeOffset.UtcNow;
        var acceptedEkus = new HashSet<string>(CertificateOids.DefaultSignerEkus);
        acceptedEkus.UnionWith(trust.ExtraEkus);
        var intermediates = parsed.Skip(1).OfType<X509Certificate>().ToList();
        var outcome = intermediates.Count == chain.Count - 1
            ? CertificateTrust.Check(leaf, intermediates, CertificateReader.ParseTrustList(trust.Anchors), trust.Allowed, acceptedEkus, at)
            : new CertificateTrust.Outcome(false, "a certificate in x5chain could not be parsed");
        log.Add(outcome.Trusted ? IdentityCodes.X509CredentialTrusted : IdentityCodes.X509CredentialUntrusted, url,
            outcome.Trusted ? "signing certificate trusted" : "signing certificate untrusted");

        var profileLog = new StatusLog();
        CertificateProfile.CheckEndEntity(leaf, at, acceptedEkus, null, profileLog, url);
        foreach (var entry in profileLog.Entries)
        {
            log.Add(entry.Code == ValidationCodes.SigningCredentialExpired ? IdentityCodes.X509SignatureOutsideValidity
                : IdentityCodes.X509CredentialInvalid, url, entry.Explanation);
        }

        var check = CoseSignatureVerifier.Verify(alg, leaf.SubjectPublicKeyInfo, sign1.ToBeSigned(payload), sign1.Signature.Span);
        if (check != SignatureCheck.Valid)
        {
            log.Add(IdentityCodes.X509SignatureMismatch, url, check == SignatureCheck.KeyMismatch
                ? "certificate key algorithm does not match COSE signing algorithm"
                : "the identity signature does not match the signer payload");
            return false;
        }

        return true;
    }
}
