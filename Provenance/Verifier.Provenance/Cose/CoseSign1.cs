using System.Formats.Cbor;
using Verifier.Provenance.Cbor;

namespace Verifier.Provenance.Cose;

/// <summary>
/// A decoded COSE_Sign1 (RFC 9052) with a detached payload, as C2PA stores it in <c>c2pa.signature</c>:
/// <c>18([protected bstr, unprotected map, nil, signature bstr])</c>. Every byte string is a slice of the input.
/// </summary>
public sealed class CoseSign1
{
    /// <summary>COSE_Sign1's CBOR tag.</summary>
    public const ulong Tag = 18;

    /// <summary>Header label of x5chain (RFC 9360).</summary>
    public const long X5ChainLabel = 33;

    private CoseSign1(ReadOnlyMemory<byte> protectedBytes, CborNode protectedHeader, CborNode unprotectedHeader,
        ReadOnlyMemory<byte> signature)
    {
        ProtectedBytes = protectedBytes;
        Protected = protectedHeader;
        Unprotected = unprotectedHeader;
        Signature = signature;
    }

    /// <summary>The protected header exactly as stored (what the signature covers).</summary>
    public ReadOnlyMemory<byte> ProtectedBytes { get; }

    /// <summary>The protected header map (an empty map when the bstr is empty).</summary>
    public CborNode Protected { get; }

    public CborNode Unprotected { get; }

    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>The protected <c>alg</c> (label 1) when it is an integer, else null.</summary>
    public long? AlgorithmId => Protected[1]?.Int64;

    /// <summary>Decodes a COSE_Sign1 (tag 18, or untagged); null with a reason when the bytes are not one.</summary>
    public static CoseSign1? TryDecode(ReadOnlyMemory<byte> data, out string? error)
    {
        var root = CborNode.TryDecode(data);
        if (root is null)
        {
            error = "the signature is not well-formed CBOR";
            return null;
        }

        if (root.Kind == CborNodeKind.Tagged && root.Tag != Tag)
        {
            error = $"the signature has CBOR tag {root.Tag}, not COSE_Sign1's {Tag}";
            return null;
        }

        var items = root.Untagged.Items;
        if (!root.Untagged.IsArray || items.Count != 4)
        {
            error = "COSE_Sign1 must be an array of 4 items";
            return null;
        }

        if (items[0].Kind != CborNodeKind.Bytes || items[1].Kind != CborNodeKind.Map || items[3].Kind != CborNodeKind.Bytes
            || items[2].Kind is not (CborNodeKind.Null or CborNodeKind.Bytes))
        {
            error = "COSE_Sign1 items must be [bstr, map, nil / bstr, bstr]";
            return null;
        }

        var protectedBytes = items[0].Bytes!.Value;
        CborNode? protectedHeader = protectedBytes.IsEmpty ? CborNode.Decode(new byte[] { 0xA0 }) : CborNode.TryDecode(protectedBytes);
        if (protectedHeader is null || !protectedHeader.IsMap)
        {
            error = "the protected header is not a CBOR map";
            return null;
        }

        error = null;
        return new CoseSign1(protectedBytes, protectedHeader, items[1], items[3].Bytes!.Value);
    }

    /// <summary>Sig_structure <c>["Signature1", protected, h'', payload]</c>: the bytes the signature covers.</summary>
    public byte[] ToBeSigned(ReadOnlySpan<byte> payload) => SigStructure("Signature1", payload);

    /// <summary>
    /// <c>["CounterSignature", protected, h'', payload]</c>: what an RFC 3161 time stamp in <c>sigTst</c> / <c>sigTst2</c>
    /// is computed over.
    /// </summary>
    public byte[] CounterSignatureData(ReadOnlySpan<byte> payload) => SigStructure("CounterSignature", payload);

    private byte[] SigStructure(string context, ReadOnlySpan<byte> payload)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartArray(4);
        writer.WriteTextString(context);
        writer.WriteByteString(ProtectedBytes.Span);
        writer.WriteByteString(ReadOnlySpan<byte>.Empty);
        writer.WriteByteString(payload);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>
    /// The signer's certificate chain (DER, leaf first), read as c2pa-rs reads it: <c>x5chain</c> under label 33 or the
    /// text key in the protected header, else the text key <c>"x5chain"</c> in the unprotected header (older C2PA);
    /// never both. Null with a reason when there is no usable chain.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? CertificateChain(out string? error)
    {
        var inProtected = Protected[X5ChainLabel] ?? Protected["x5chain"];
        var inUnprotected = Unprotected["x5chain"];
        if (inProtected is not null && inUnprotected is not null && ChainFrom(inUnprotected) is not null)
        {
            error = "x5chain is in both the protected and the unprotected header";
            return null;
        }

        var chain = ChainFrom(inProtected ?? inUnprotected);
        error = chain is null ? "the signature carries no x5chain signing certificate" : null;
        return chain;
    }

    private static List<ReadOnlyMemory<byte>>? ChainFrom(CborNode? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Bytes is { } single)
        {
            return [single];
        }

        // As c2pa-rs: an array keeps its byte strings and ignores anything else.
        var certs = value.Untagged.Items.Where(i => i.Kind == CborNodeKind.Bytes).Select(i => i.Bytes!.Value).ToList();
        return certs.Count == 0 ? null : certs;
    }
}
