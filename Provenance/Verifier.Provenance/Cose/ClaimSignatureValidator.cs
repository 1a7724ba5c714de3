using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Cose;

/// <summary>
/// Validates a claim's COSE_Sign1 signature the way c2pa-rs 0.91 does and logs its codes in c2pa-rs's order:
/// stapled OCSP (or <c>signingCredential.ocsp.skipped</c>), the time stamp (<c>timeStamp.*</c>), trust
/// (<c>signingCredential.trusted</c> / <c>.untrusted</c>), the signer certificate profile (<c>signingCredential.invalid</c>
/// / <c>.expired</c>), then the signature (<c>claimSignature.insideValidity</c> + <c>claimSignature.validated</c>, or
/// <c>claimSignature.mismatch</c>). Certificates are judged at the trusted time-stamp time when there is one, else now.
/// </summary>
public static class ClaimSignatureValidator
{
    private const string CoseUrl = "Cose_Sign1";

    /// <summary>
    /// Validates <paramref name="coseSign1"/> over <paramref name="claimBytes"/> (exactly as stored). Returns who signed,
    /// or null when the signature could not be decoded or names no signer (already logged).
    /// </summary>
    /// <exception cref="ProvenanceReadException"><see cref="ReadError.CoseInvalid"/> when it is not a COSE_Sign1 and
    /// <see cref="ReadError.CoseInvalidCert"/> when the signing certificate cannot be parsed (c2pa-rs fails the whole
    /// read the same way). A missing or disallowed algorithm is logged (<c>algorithm.unsupported</c>), not thrown.</exception>
    public static SignerInfo? Validate(ReadOnlyMemory<byte> coseSign1, ReadOnlyMemory<byte> claimBytes, int claimVersion,
        TrustSettings trust, StatusLog log, string signatureUrl)
    {
        if (coseSign1.IsEmpty)
        {
            log.Add(ValidationCodes.ClaimSignatureMissing, signatureUrl, "the claim signature box is empty");
            return null;
        }

        // c2pa-rs cannot go on without the COSE structure or the signer's certificate: it fails the whole read.
        if (CoseSign1.TryDecode(coseSign1, out var decodeError) is not { } sign1)
        {
            throw new ProvenanceReadException(ReadError.CoseInvalid, $"the claim signature is not a COSE_Sign1: {decodeError}");
        }

        var now = trust.Now ?? DateTimeOffset.UtcNow;
        var chainDer = sign1.CertificateChain(out var chainError);
        var parsed = chainDer?.Select(CertificateReader.TryParse).ToList();
        var leaf = parsed?[0];
        var intermediates = parsed?.Skip(1).OfType<X509Certificate>().ToList() ?? [];
        var anchors = CertificateReader.ParseTrustList(trust.Anchors);

        // c2pa-rs reads the time stamp before OCSP (OCSP needs its time) but logs the OCSP result first.
        var timeStampLog = new StatusLog();
        var stamp = SigTstValidator.Validate(sign1, claimBytes.Span, verifyTrust: claimVersion >= 2,
            CertificateReader.ParseTrustList(trust.EffectiveTsaAnchors), timeStampLog, signatureUrl);
        StapledOcspValidator.Validate(sign1, leaf, intermediates, anchors, stamp.TrustedTime, now, log, signatureUrl);
        foreach (var entry in timeStampLog.Entries)
        {
            log.Add(entry.Code, entry.Url, entry.Explanation);
        }

        // c2pa-rs 0.91 logs a missing or disallowed algorithm (RS256, ES256K, ...) with a mismatch and goes on to
        // validate the rest of the manifest: the file is Invalid, not unreadable.
        if ((sign1.AlgorithmId is { } id ? CoseAlgorithms.FromId(id) : null) is not { } algorithm)
        {
            log.Add(ValidationCodes.AlgorithmUnsupported, CoseUrl, sign1.Protected[1] is null
                ? "unsupported or missing Cose algorithm: the protected header names none"
                : $"unsupported or missing Cose algorithm: {sign1.Protected[1]} is not one C2PA allows");
            return Mismatch(log, signatureUrl, "claim signature is not valid", leaf, chainDer, null, stamp);
        }

        if (algorithm.IsEcdsa() && CoseSignatureVerifier.IsDerEcdsaSignature(sign1.Signature.Span))
        {
            log.Add(ValidationCodes.SigningCredentialInvalid, CoseUrl,
                "unsupported signature format (EC signature should be in P1363 r|s format)");
            return Mismatch(log, signatureUrl, "claim signature is not valid", leaf, chainDer, algorithm, stamp);
        }

        if (chainDer is null)
        {
            return Mismatch(log, signatureUrl, $"claim signature is not valid: {chainError}", null, null, algorithm, stamp);
        }

        var at = stamp.TrustedTime ?? now;
        if (leaf is null)
        {
            throw new ProvenanceReadException(ReadError.CoseInvalidCert, "the signing certificate in x5chain could not be parsed");
        }

        var acceptedEkus = new HashSet<string>(CertificateOids.DefaultSignerEkus);
        acceptedEkus.UnionWith(trust.ExtraEkus);
        var trustOutcome = intermediates.Count == chainDer.Count - 1
            ? CertificateTrust.Check(leaf, intermediates, anchors, trust.Allowed, acceptedEkus, at)
            : new CertificateTrust.Outcome(false, "a certificate in x5chain could not be parsed");
        log.Add(trustOutcome.Trusted ? ValidationCodes.SigningCredentialTrusted : ValidationCodes.SigningCredentialUntrusted,
            signatureUrl, trustOutcome.Trusted ? trustOutcome.Explanation : $"signing certificate untrusted: {trustOutcome.Explanation}");

        CertificateProfile.CheckEndEntity(leaf, at, acceptedEkus, null, log, signatureUrl, claimSigner: true);

        switch (CoseSignatureVerifier.Verify(algorithm, leaf.SubjectPublicKeyInfo, sign1.ToBeSigned(claimBytes.Span),
                    sign1.Signature.Span))
        {
            case SignatureCheck.KeyMismatch:
                log.Add(ValidationCodes.SigningCredentialInvalid, CoseUrl,
                    "certificate key algorithm does not match COSE signing algorithm");
                return Mismatch(log, signatureUrl, "claim signature is not valid", leaf, chainDer, algorithm, stamp);

            case SignatureCheck.Mismatch:
                return Mismatch(log, signatureUrl, "claim signature is not valid", leaf, chainDer, algorithm, stamp);

            default:
                log.Add(ValidationCodes.ClaimSignatureInsideValidity, signatureUrl, "claim signature valid");
                log.Add(ValidationCodes.ClaimSignatureValidated, signatureUrl, "claim signature valid");
                return Signer(leaf, chainDer, algorithm, stamp);
        }
    }

    /// <summary>Who a signature names, without validating anything (for manifests validation did not reach).</summary>
    public static SignerInfo? Describe(ReadOnlyMemory<byte> coseSign1)
    {
        if (CoseSign1.TryDecode(coseSign1, out _) is not { } sign1
            || (sign1.AlgorithmId is { } id ? CoseAlgorithms.FromId(id) : null) is not { } alg
            || sign1.CertificateChain(out _) is not { } chain
            || CertificateReader.TryParse(chain[0]) is not { } leaf)
        {
            return null;
        }

        return Signer(leaf, chain, alg, new Rfc3161Verifier.Result(null, null));
    }

    private static SignerInfo? Mismatch(StatusLog log, string url, string explanation, X509Certificate? leaf,
        IReadOnlyList<ReadOnlyMemory<byte>>? chain, CoseAlgorithm? alg, Rfc3161Verifier.Result stamp)
    {
        log.Add(ValidationCodes.ClaimSignatureMismatch, url, explanation);
        return leaf is null || chain is null ? null : Signer(leaf, chain, alg, stamp);
    }

    private static SignerInfo Signer(X509Certificate leaf, IReadOnlyList<ReadOnlyMemory<byte>> chain, CoseAlgorithm? alg,
        Rfc3161Verifier.Result stamp) => new()
    {
        CommonName = Last(leaf.SubjectDN, X509Name.CN),
        Organization = Last(leaf.SubjectDN, X509Name.O),
        // c2pa-rs's signature_info.issuer is the signer's own O (its "issuer_org"), not the issuing CA's.
        Issuer = Last(leaf.SubjectDN, X509Name.O),
        Alg = alg?.ReportName(),
        Time = stamp.ValidatedTime,
        CertSerial = leaf.SerialNumber.ToString(),
        Chain = chain.Select(c => c.ToArray()).ToList(),
    };

    private static string? Last(X509Name name, Org.BouncyCastle.Asn1.DerObjectIdentifier oid) =>
        name.GetValueList(oid) is { Count: > 0 } values ? values[^1] : null;
}
