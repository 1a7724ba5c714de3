using System.Formats.Cbor;
using Org.BouncyCastle.X509;
using Verifier.Provenance.Cbor;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Cose;

/// <summary>
/// The COSE time-stamp headers: <c>sigTst2</c> (C2PA 2.x; the stamp countersigns the signature:
/// <c>["CounterSignature", protected, h'', bstr(signature)]</c>) and the older <c>sigTst</c> (the same structure over the
/// claim bytes). Each is <c>{"tstTokens": [{"val": bstr}]}</c> and only one token is allowed.
/// </summary>
public static class SigTstValidator
{
    public static Rfc3161Verifier.Result Validate(CoseSign1 sign1, ReadOnlySpan<byte> claimBytes, bool verifyTrust,
        IReadOnlyList<X509Certificate> tsaAnchors, StatusLog log, string? url)
    {
        var none = new Rfc3161Verifier.Result(null, null);
        var (header, v2) = FindHeader(sign1.Unprotected);
        if (header?["tstTokens"] is not { IsArray: true } tokens)
        {
            return none;
        }

        if (tokens.Items.Count > 1)
        {
            log.Add(ValidationCodes.TimeStampMalformed, url, "only a single timestamp response is allowed in a manifest");
            return none;
        }

        if (tokens.Items.Count == 0 || tokens.Items[0]["val"]?.Bytes is not { } token)
        {
            return none; // c2pa-rs cannot deserialize the container and so ignores it
        }

        var data = v2 ? EncodeByteString(sign1.Signature.Span) : claimBytes.ToArray();
        return Rfc3161Verifier.Verify(token.Span, sign1.CounterSignatureData(data), verifyTrust, tsaAnchors, log, url);
    }

    /// <summary>The first <c>sigTst2</c> or <c>sigTst</c> entry of the unprotected header, in map order.</summary>
    private static (CborNode? Header, bool V2) FindHeader(CborNode unprotected)
    {
        foreach (var (key, value) in unprotected.Untagged.MapEntries)
        {
            if (key.Text == "sigTst2")
            {
                return (value, true);
            }

            if (key.Text == "sigTst")
            {
                return (value, false);
            }
        }

        return (null, false);
    }

    private static byte[] EncodeByteString(ReadOnlySpan<byte> bytes)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteByteString(bytes);
        return writer.Encode();
    }
}
