using System.Text.RegularExpressions;
using Verifier.Provenance.Cbor;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Identity;

/// <summary>
/// Validates a CAWG identity assertion (<c>cawg.identity</c>, <c>cawg.identity__N</c>) as c2pa-rs 0.91 does:
/// padding, the signer payload's references against the claim, then the signature by its <c>sig_type</c>
/// (<c>cawg.x509.cose</c> or <c>cawg.identity_claims_aggregation</c>). Every code is logged under the assertion's URL.
/// </summary>
public static partial class IdentityAssertionValidator
{
    public const string X509SigType = "cawg.x509.cose";
    public const string IcaSigType = "cawg.identity_claims_aggregation";

    /// <summary>Validates <paramref name="assertion"/> (the assertion's decoded CBOR) and logs what it finds.</summary>
    public static void Validate(CborNode assertion, string assertionUrl, IdentityContext context, StatusLog log)
    {
        var map = assertion.Untagged;
        var payload = SignerPayload.Read(map["signer_payload"]);
        var signature = map["signature"]?.Bytes;
        var pad1 = map["pad1"]?.Bytes;
        var pad2Node = map["pad2"];
        if (!map.IsMap || payload is null || signature is null || pad1 is null || (pad2Node is not null && pad2Node.Bytes is null))
        {
            // c2pa-rs cannot deserialise the assertion and fails to load the manifest.
            log.Add(ValidationCodes.AssertionRequiredMissing, assertionUrl,
                "Failed to load manifest: the identity assertion lacks signer_payload, signature or pad1, or has the wrong types");
            return;
        }

        if (!IsZero(pad1.Value.Span) || (pad2Node?.Bytes is { } pad2 && !IsZero(pad2.Span)))
        {
            log.Add(IdentityCodes.PadInvalid, assertionUrl, "invalid value in pad fields");
        }

        if (!CheckReferences(payload, context, log, assertionUrl))
        {
            return;
        }

        switch (payload.SigType)
        {
            case X509SigType:
                if (X509IdentityVerifier.Verify(signature.Value, payload.Encode(), context.CawgTrust, log, assertionUrl))
                {
                    log.Add(IdentityCodes.X509SignatureValidated, assertionUrl, "X.509 identity assertion signature validated");
                    log.Add(IdentityCodes.WellFormed, assertionUrl, "CAWG X.509 identity signature valid");
                }

                break;

            case IcaSigType:
                IcaIdentityVerifier.Verify(signature.Value, payload, context, log, assertionUrl);
                break;

            default:
                log.Add(IdentityCodes.SigTypeUnknown, assertionUrl, "unsupported signature type");
                break;
        }
    }

    /// <summary>
    /// Every referenced assertion must be in the claim with the same hash, one must be a hard binding
    /// (<c>c2pa.hash.*</c>), and none may repeat. A hash difference stops validation without a status, as in c2pa-rs.
    /// </summary>
    private static bool CheckReferences(SignerPayload payload, IdentityContext context, StatusLog log, string url)
    {
        foreach (var reference in payload.ReferencedAssertions)
        {
            var inClaim = context.ClaimAssertions.FirstOrDefault(a =>
                a.Url == reference.Url || AbsolutePrefix().Replace(a.Url, "", 1) == reference.Url);
            if (inClaim is null)
            {
                log.Add(IdentityCodes.AssertionMismatch, url, "referenced assertion not in claim");
            }
            else if (!inClaim.Hash.Span.SequenceEqual(reference.Hash.Span))
            {
                return false;
            }
        }

        if (!payload.ReferencedAssertions.Any(r => r.Url.LastIndexOf('/') is int slash and >= 0
                && r.Url[(slash + 1)..].StartsWith("c2pa.hash.", StringComparison.Ordinal)))
        {
            log.Add(IdentityCodes.HardBindingMissing, url, "no hard binding assertion");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in payload.ReferencedAssertions)
        {
            if (!seen.Add(reference.Url))
            {
                log.Add(IdentityCodes.AssertionDuplicate, url, "multiple references to same assertion");
            }
        }

        return true;
    }

    private static bool IsZero(ReadOnlySpan<byte> pad) => !pad.ContainsAnyExcept((byte)0);

    [GeneratedRegex("/c2pa/[^/]+/")]
    private static partial Regex AbsolutePrefix();
}
