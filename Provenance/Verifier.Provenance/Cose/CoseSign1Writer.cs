using System.Formats.Cbor;
using Verifier.Provenance.Signing;

namespace Verifier.Provenance.Cose;

/// <summary>
/// Writes the COSE_Sign1 of a C2PA claim signature (RFC 9052, detached payload): protected <c>{1: alg, 33: x5chain}</c>,
/// unprotected <c>{sigTst2?, pad}</c>, padded to exactly the size reserved for it in the manifest store.
/// </summary>
public static class CoseSign1Writer
{
    private const int Sign1Tag = 18;

    /// <summary>The protected header bytes: the algorithm and the chain (one certificate as a bstr, several as an array).</summary>
    public static byte[] ProtectedHeader(CoseAlgorithm alg, IReadOnlyList<byte[]> chain)
    {
        if (chain.Count == 0)
        {
            throw new ArgumentException("a claim signer needs at least its own certificate", nameof(chain));
        }

        var w = NewWriter();
        w.WriteStartMap(2);
        w.WriteInt32(1);
        w.WriteInt64(AlgorithmId(alg));
        w.WriteInt32(33);
        if (chain.Count == 1)
        {
            w.WriteByteString(chain[0]);
        }
        else
        {
            w.WriteStartArray(chain.Count);
            foreach (var cert in chain)
            {
                w.WriteByteString(cert);
            }

            w.WriteEndArray();
        }

        w.WriteEndMap();
        return w.Encode();
    }

    /// <summary><c>Sig_structure = ["Signature1", protected, h'', payload]</c>: the bytes the signer signs.</summary>
    public static byte[] ToBeSigned(ReadOnlySpan<byte> protectedHeader, ReadOnlySpan<byte> payload) =>
        Structure("Signature1", protectedHeader, payload);

    /// <summary>
    /// What a v2 time stamp (<c>sigTst2</c>) covers: <c>["CounterSignature", protected, h'', bstr(signature)]</c>,
    /// the countersignature structure over the signature bytes.
    /// </summary>
    public static byte[] TimeStampedData(ReadOnlySpan<byte> protectedHeader, ReadOnlySpan<byte> signature)
    {
        var inner = NewWriter();
        inner.WriteByteString(signature);
        return Structure("CounterSignature", protectedHeader, inner.Encode());
    }

    /// <summary>Signs <paramref name="claim"/> and returns the tagged COSE_Sign1, exactly <paramref name="reservedSize"/> bytes.</summary>
    public static byte[] Sign(IClaimSigner signer, ITimeStamper? timeStamper, ReadOnlySpan<byte> claim, int reservedSize)
    {
        var protectedHeader = ProtectedHeader(signer.Algorithm, signer.CertificateChain);
        var signature = signer.Sign(ToBeSigned(protectedHeader, claim));
        var token = timeStamper?.Stamp(TimeStampedData(protectedHeader, signature));
        return PadFitter.Fit(reservedSize, (pad, pad2) => Encode(protectedHeader, signature, token, pad, pad2));
    }

    /// <summary>The size to reserve: the chain, the largest signature (RSA-4096), room for headers, and for a token.</summary>
    public static int ReserveSize(IClaimSigner signer, bool timeStamped) =>
        signer.CertificateChain.Sum(c => c.Length + 4) + 2048 + (timeStamped ? 12_000 : 0);

    /// <summary>
    /// The tagged COSE_Sign1 from its parts; <paramref name="pad"/> / <paramref name="pad2"/> are zero-filled lengths
    /// (null = absent). Internal so that tests can encode forged signatures (any alg, any chain) the same way.
    /// </summary>
    internal static byte[] Encode(byte[] protectedHeader, byte[] signature, byte[]? token, int? pad, int? pad2)
    {
        var w = NewWriter();
        w.WriteTag((CborTag)Sign1Tag);
        w.WriteStartArray(4);
        w.WriteByteString(protectedHeader);
        w.WriteStartMap((token is null ? 0 : 1) + (pad is null ? 0 : 1) + (pad2 is null ? 0 : 1));
        if (token is not null)
        {
            w.WriteTextString("sigTst2");
            w.WriteStartMap(1);
            w.WriteTextString("tstTokens");
            w.WriteStartArray(1);
            w.WriteStartMap(1);
            w.WriteTextString("val");
            w.WriteByteString(token);
            w.WriteEndMap();
            w.WriteEndArray();
            w.WriteEndMap();
        }

        if (pad is { } p)
        {
            w.WriteTextString("pad");
            w.WriteByteString(new byte[p]);
        }

        if (pad2 is { } p2)
        {
            w.WriteTextString("pad2");
            w.WriteByteString(new byte[p2]);
        }

        w.WriteEndMap();
        w.WriteNull();
        w.WriteByteString(signature);
        w.WriteEndArray();
        return w.Encode();
    }

    private static byte[] Structure(string context, ReadOnlySpan<byte> protectedHeader, ReadOnlySpan<byte> payload)
    {
        var w = NewWriter();
        w.WriteStartArray(4);
        w.WriteTextString(context);
        w.WriteByteString(protectedHeader);
        w.WriteByteString([]);
        w.WriteByteString(payload);
        w.WriteEndArray();
        return w.Encode();
    }

    private static long AlgorithmId(CoseAlgorithm alg) => alg switch
    {
        CoseAlgorithm.Es256 => -7,
        CoseAlgorithm.Es384 => -35,
        CoseAlgorithm.Es512 => -36,
        CoseAlgorithm.Ps256 => -37,
        CoseAlgorithm.Ps384 => -38,
        CoseAlgorithm.Ps512 => -39,
        CoseAlgorithm.Ed25519 => -8,
        _ => throw new ArgumentOutOfRangeException(nameof(alg), alg, "not a C2PA algorithm"),
    };

    private static CborWriter NewWriter() => new(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
}
