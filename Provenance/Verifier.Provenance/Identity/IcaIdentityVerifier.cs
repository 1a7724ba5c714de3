using System.Text.Json;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Identity;

/// <summary>
/// <c>cawg.identity_claims_aggregation</c>: a COSE_Sign1 (EdDSA, content type <c>application/vc</c>) whose attached
/// payload is a W3C VC 2.0 issued by a DID. Checked in c2pa-rs's order: COSE structure, algorithm, content type,
/// payload, VC JSON, issuer signature (did:jwk; did:web needs the network and is reported unavailable), issuer trust,
/// time stamp, validFrom / validUntil, and the VC's <c>c2paAsset</c> against the signer payload.
/// </summary>
public static class IcaIdentityVerifier
{
    private const string ContentType = "application/vc";
    private const int MaxVcBytes = 1 << 20;

    public static void Verify(ReadOnlyMemory<byte> signature, SignerPayload signerPayload, IdentityContext context,
        StatusLog log, string url)
    {
        var sign1 = CoseSign1.TryDecode(signature, out _);
        if (sign1 is null || CborTag(signature) != CoseSign1.Tag)
        {
            log.Add(IdentityCodes.IcaInvalidCoseSign1, url, "Invalid COSE_Sign1 data structure");
            return;
        }

        if (sign1.AlgorithmId != -8)
        {
            log.Add(IdentityCodes.IcaInvalidAlg, url, sign1.AlgorithmId is null
                ? "Missing COSE_Sign1 signature algorithm" : "Invalid COSE_Sign1 signature algorithm");
            return;
        }

        bool ok = true;
        if (sign1.Protected[3]?.Text != ContentType)
        {
            log.Add(IdentityCodes.IcaInvalidContentType, url, "Invalid COSE_Sign1 content type header");
            ok = false;
        }

        if (Payload(signature) is not { } payload)
        {
            log.Add(IdentityCodes.IcaInvalidVerifiableCredential, url, "Missing COSE_Sign1 payload");
            return;
        }

        if (IcaCredential.Read(payload.Span) is not { } credential)
        {
            log.Add(IdentityCodes.IcaInvalidVerifiableCredential, url, "Invalid JSON-LD for verifiable credential");
            return;
        }

        var (code, explanation) = CheckIssuerSignature(sign1, payload.Span, credential.Issuer);
        if (code is not null)
        {
            log.Add(code, url, explanation);
            ok = false;
        }
        else if (!context.TrustedIcaIssuers.Contains(credential.Issuer.Split('#')[0]))
        {
            log.Add(IdentityCodes.IcaUntrustedIssuer, url, "ICA issuer is not a trusted issuer");
            ok = false;
        }

        var stampLog = new StatusLog();
        var stamp = SigTstValidator.Validate(sign1, payload.Span, verifyTrust: false, [], stampLog, url).TrustedTime;
        if (stamp is not null)
        {
            log.Add(IdentityCodes.IcaTimeStampValidated, url, "Time stamp validated");
        }
        else if (stampLog.Entries.Count > 0)
        {
            log.Add(IdentityCodes.IcaTimeStampInvalid, url, stampLog.Has(ValidationCodes.TimeStampMalformed)
                || stampLog.Has(ValidationCodes.TimeStampMismatch) ? "Time stamp does not match credential" : "Unable to process time stamp");
            ok = false;
        }

        var now = context.CawgTrust.Now ?? DateTimeOffset.UtcNow;
        ok &= CheckValidity(credential, stamp, now, log, url);
        if (!credential.Asset.SameAs(WithVcAlgs(signerPayload, credential.Asset)))
        {
            log.Add(IdentityCodes.IcaSignerPayloadMismatch, url, "c2paAsset does not match signer_payload");
            ok = false;
        }

        if (ok)
        {
            log.Add(IdentityCodes.IcaCredentialValid, url, "ICA credential is valid");
        }
    }

    private static (string? Code, string? Explanation) CheckIssuerSignature(CoseSign1 sign1, ReadOnlySpan<byte> payload, string issuer)
    {
        var did = issuer.Split('#')[0];
        var parts = did.Split(':', 3);
        if (parts.Length != 3 || parts[0] != "did" || parts[2].Length == 0)
        {
            return (IdentityCodes.IcaInvalidIssuer, "Invalid issuer DID");
        }

        if (parts[1] == "web")
        {
            return (IdentityCodes.IcaDidUnavailable, "Unable to resolve issuer DID (did:web needs a network fetch, which Verifier never makes)");
        }

        if (parts[1] != "jwk")
        {
            return (IdentityCodes.IcaInvalidIssuer, "Invalid issuer DID");
        }

        if (Ed25519KeyFromJwk(parts[2]) is not { } key)
        {
            return (IdentityCodes.IcaInvalidDidDocument, "Invalid issuer DID document");
        }

        var verifier = new Ed25519Signer();
        verifier.Init(false, key);
        verifier.BlockUpdate(sign1.ToBeSigned(payload));
        return verifier.VerifySignature(sign1.Signature.ToArray())
            ? (null, null)
            : (IdentityCodes.IcaSignatureMismatch, "Signature does not match credential");
    }

    private static bool CheckValidity(IcaCredential credential, DateTimeOffset? stamp, DateTimeOffset now, StatusLog log, string url)
    {
        string? fromProblem = credential.ValidFrom is not { } from ? "missing"
            : now < from ? "validFrom is after current date/time"
            : stamp < from ? "validFrom is after CAWG signature time stamp"
            : null;
        if (fromProblem is not null)
        {
            log.Add(credential.ValidFrom is null ? IdentityCodes.IcaValidFromMissing : IdentityCodes.IcaValidFromInvalid, url,
                credential.ValidFrom is null ? "credential's validFrom date is missing"
                    : $"credential's validFrom date is unacceptable ({fromProblem})");
        }

        string? untilProblem = credential.ValidUntil is not { } until ? null
            : now > until ? "validUntil is before current date/time"
            : stamp > until ? "validUntil is before CAWG signature time stamp"
            : null;
        if (untilProblem is not null)
        {
            log.Add(IdentityCodes.IcaValidUntilInvalid, url, $"credential's validUntil date is unacceptable ({untilProblem})");
        }

        return fromProblem is null && untilProblem is null;
    }

    /// <summary>c2pa-rs fills a signer-payload reference's missing <c>alg</c> from the VC's before comparing.</summary>
    private static SignerPayload WithVcAlgs(SignerPayload payload, SignerPayload vc) => payload with
    {
        ReferencedAssertions = payload.ReferencedAssertions.Select((r, i) =>
            r.Alg is null && i < vc.ReferencedAssertions.Count ? r with { Alg = vc.ReferencedAssertions[i].Alg } : r).ToList(),
    };

    private static Ed25519PublicKeyParameters? Ed25519KeyFromJwk(string encoded)
    {
        try
        {
            using var jwk = JsonDocument.Parse(Base64Url(encoded));
            var root = jwk.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "kty") != "OKP" || Text(root, "crv") != "Ed25519"
                || Text(root, "x") is not { } x)
            {
                return null;
            }

            var raw = Base64Url(x);
            return raw.Length == Ed25519PublicKeyParameters.KeySize ? new Ed25519PublicKeyParameters(raw) : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static byte[] Base64Url(string s)
    {
        var b64 = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '='));
    }

    /// <summary>The outer CBOR tag of the signature (c2pa-rs requires the tagged form here), or null.</summary>
    private static ulong? CborTag(ReadOnlyMemory<byte> signature) =>
        Cbor.CborNode.TryDecode(signature) is { Kind: Cbor.CborNodeKind.Tagged } node ? node.Tag : null;

    /// <summary>The attached payload (item 3 of COSE_Sign1) when it is a byte string of sane size.</summary>
    private static ReadOnlyMemory<byte>? Payload(ReadOnlyMemory<byte> signature) =>
        Cbor.CborNode.TryDecode(signature)?.Untagged.Items is { Count: 4 } items && items[2].Bytes is { Length: <= MaxVcBytes } bytes
            ? bytes : null;
}
