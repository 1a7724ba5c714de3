using System.Formats.Cbor;

namespace Verifier.Provenance.Cbor;

public enum CborNodeKind
{
    Map,
    Array,
    Text,
    Bytes,
    Integer,
    Float,
    Bool,
    Null,
    Undefined,
    Tagged,
}

/// <summary>
/// A read-only CBOR tree for C2PA structures (claims, assertions, COSE headers). Parsed leniently, as
/// c2pa-rs does (non-canonical maps and tags occur in the wild). Byte strings are slices of the input, never copies,
/// and every node keeps the slice of input it was decoded from (<see cref="Encoded"/>), because signatures and
/// hashes are checked over stored bytes, never over a re-encoding.
/// </summary>
public sealed class CborNode
{
    /// <summary>Deeper nesting than this is hostile input (no C2PA structure nests more than a dozen levels).</summary>
    public const int MaxDepth = 64;

    private readonly object? _value;

    private CborNode(CborNodeKind kind, object? value, ReadOnlyMemory<byte> encoded, ulong tag = 0)
    {
        Kind = kind;
        _value = value;
        Encoded = encoded;
        Tag = tag;
    }

    public CborNodeKind Kind { get; }

    /// <summary>The exact bytes this node was decoded from.</summary>
    public ReadOnlyMemory<byte> Encoded { get; }

    /// <summary>The tag number when <see cref="Kind"/> is <see cref="CborNodeKind.Tagged"/>.</summary>
    public ulong Tag { get; }

    /// <summary>Decodes exactly one CBOR item that fills <paramref name="data"/>.</summary>
    /// <exception cref="CborContentException">When the bytes are not one well-formed CBOR item.</exception>
    public static CborNode Decode(ReadOnlyMemory<byte> data)
    {
        var reader = new CborReader(data, CborConformanceMode.Lax, allowMultipleRootLevelValues: false);
        try
        {
            var node = Read(reader, data, 0);
            if (reader.BytesRemaining != 0)
            {
                throw new CborContentException("Trailing bytes after the CBOR item.");
            }

            return node;
        }
        catch (InvalidOperationException e)
        {
            throw new CborContentException(e.Message, e);
        }
        catch (ArgumentException e)
        {
            throw new CborContentException(e.Message, e);
        }
        catch (OverflowException e)
        {
            throw new CborContentException(e.Message, e);
        }
    }

    /// <summary>Decodes, returning null instead of throwing for malformed input.</summary>
    public static CborNode? TryDecode(ReadOnlyMemory<byte> data)
    {
        try
        {
            return Decode(data);
        }
        catch (CborContentException)
        {
            return null;
        }
    }

    private static CborNode Read(CborReader reader, ReadOnlyMemory<byte> data, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new CborContentException("CBOR nesting is too deep.");
        }

        int start = data.Length - reader.BytesRemaining;
        ReadOnlyMemory<byte> Slice() => data[start..(data.Length - reader.BytesRemaining)];
        switch (reader.PeekState())
        {
            case CborReaderState.StartMap:
            {
                int? count = reader.ReadStartMap();
                var entries = new List<KeyValuePair<CborNode, CborNode>>(Math.Min(count ?? 4, 256));
                while (reader.PeekState() != CborReaderState.EndMap)
                {
                    var key = Read(reader, data, depth + 1);
                    var value = Read(reader, data, depth + 1);
                    entries.Add(new(key, value));
                }

                reader.ReadEndMap();
                return new CborNode(CborNodeKind.Map, entries, Slice());
            }

            case CborReaderState.StartArray:
            {
                int? count = reader.ReadStartArray();
                var items = new List<CborNode>(Math.Min(count ?? 4, 256));
                while (reader.PeekState() != CborReaderState.EndArray)
                {
                    items.Add(Read(reader, data, depth + 1));
                }

                reader.ReadEndArray();
                return new CborNode(CborNodeKind.Array, items, Slice());
            }

            case CborReaderState.TextString:
            case CborReaderState.StartIndefiniteLengthTextString:
                return new CborNode(CborNodeKind.Text, reader.ReadTextString(), Slice());

            case CborReaderState.ByteString:
            {
                if (reader.TryReadByteString(Span<byte>.Empty, out _))
                {
                    return new CborNode(CborNodeKind.Bytes, ReadOnlyMemory<byte>.Empty, Slice());
                }

                // Definite-length byte strings are returned as a slice of the input, without a copy.
                var content = reader.ReadDefiniteLengthByteString();
                int end = data.Length - reader.BytesRemaining;
                return new CborNode(CborNodeKind.Bytes, data[(end - content.Length)..end], Slice());
            }

            case CborReaderState.StartIndefiniteLengthByteString:
                return new CborNode(CborNodeKind.Bytes, (ReadOnlyMemory<byte>)reader.ReadByteString(), Slice());

            // ReadBigInteger only reads tagged bignums (tags 2/3), so plain integers are read by major type.
            case CborReaderState.UnsignedInteger:
                return new CborNode(CborNodeKind.Integer, new System.Numerics.BigInteger(reader.ReadUInt64()), Slice());

            case CborReaderState.NegativeInteger:
                return new CborNode(CborNodeKind.Integer,
                    System.Numerics.BigInteger.MinusOne - reader.ReadCborNegativeIntegerRepresentation(), Slice());

            case CborReaderState.HalfPrecisionFloat:
            case CborReaderState.SinglePrecisionFloat:
            case CborReaderState.DoublePrecisionFloat:
                return new CborNode(CborNodeKind.Float, reader.ReadDouble(), Slice());

            case CborReaderState.Boolean:
                return new CborNode(CborNodeKind.Bool, reader.ReadBoolean(), Slice());

            case CborReaderState.Null:
                reader.ReadNull();
                return new CborNode(CborNodeKind.Null, null, Slice());

            case CborReaderState.Tag:
            {
                var tag = (ulong)reader.ReadTag();
                var inner = Read(reader, data, depth + 1);
                return new CborNode(CborNodeKind.Tagged, inner, Slice(), tag);
            }

            case CborReaderState.SimpleValue:
                reader.ReadSimpleValue();
                return new CborNode(CborNodeKind.Undefined, null, Slice());

            default:
                throw new CborContentException($"Unexpected CBOR item ({reader.PeekState()}).");
        }
    }

    public bool IsMap => Kind == CborNodeKind.Map;

    public bool IsArray => Kind == CborNodeKind.Array;

    public bool IsText => Kind == CborNodeKind.Text;

    public bool IsBytes => Kind == CborNodeKind.Bytes;

    public bool IsInteger => Kind == CborNodeKind.Integer;

    /// <summary>The node itself, or what a tag wraps (C2PA tolerates tagged values such as tag 0 date-times).</summary>
    public CborNode Untagged => Kind == CborNodeKind.Tagged ? ((CborNode)_value!).Untagged : this;

    public IReadOnlyList<KeyValuePair<CborNode, CborNode>> MapEntries =>
        Kind == CborNodeKind.Map ? (List<KeyValuePair<CborNode, CborNode>>)_value! : [];

    public IReadOnlyList<CborNode> Items => Kind == CborNodeKind.Array ? (List<CborNode>)_value! : [];

    public string? Text => Untagged.Kind == CborNodeKind.Text ? (string)Untagged._value! : null;

    // The cast to the nullable type matters: a bare `null` would convert to an empty ReadOnlyMemory (via byte[]).
    public ReadOnlyMemory<byte>? Bytes =>
        Untagged.Kind == CborNodeKind.Bytes ? (ReadOnlyMemory<byte>?)(ReadOnlyMemory<byte>)Untagged._value! : null;

    public System.Numerics.BigInteger? Integer =>
        Untagged.Kind == CborNodeKind.Integer ? (System.Numerics.BigInteger)Untagged._value! : null;

    /// <summary>The integer value when it fits a long, else null.</summary>
    public long? Int64 => Integer is { } i && i >= long.MinValue && i <= long.MaxValue ? (long)i : null;

    public double? Float => Untagged.Kind == CborNodeKind.Float ? (double)Untagged._value! : null;

    public bool? Bool => Untagged.Kind == CborNodeKind.Bool ? (bool)Untagged._value! : null;

    /// <summary>The value under a text key of a map, or null.</summary>
    public CborNode? this[string key]
    {
        get
        {
            foreach (var (k, v) in Untagged.MapEntries)
            {
                if (k.Kind == CborNodeKind.Text && (string)k._value! == key)
                {
                    return v;
                }
            }

            return null;
        }
    }

    /// <summary>The value under an integer key of a map (COSE headers), or null.</summary>
    public CborNode? this[long key]
    {
        get
        {
            foreach (var (k, v) in Untagged.MapEntries)
            {
                if (k.Kind == CborNodeKind.Integer && (System.Numerics.BigInteger)k._value! == key)
                {
                    return v;
                }
            }

            return null;
        }
    }

    public override string ToString() => Kind switch
    {
        CborNodeKind.Text => $"\"{Text}\"",
        CborNodeKind.Integer => Integer!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        CborNodeKind.Bytes => $"h'{Convert.ToHexString(Bytes!.Value.Span[..Math.Min(16, Bytes.Value.Length)])}…' ({Bytes.Value.Length} bytes)",
        CborNodeKind.Map => $"map({MapEntries.Count})",
        CborNodeKind.Array => $"array({Items.Count})",
        _ => Kind.ToString(),
    };
}
