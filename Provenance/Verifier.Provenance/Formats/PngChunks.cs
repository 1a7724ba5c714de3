namespace Verifier.Provenance.Formats;

/// <summary>One PNG chunk: where it starts (at its length field), its data length and its type.</summary>
internal readonly record struct PngChunk(long Offset, uint DataLength, string Type)
{
    /// <summary>Length + type + data + CRC.</summary>
    public long Length => DataLength + 12L;

    public long DataOffset => Offset + 8;

    public long End => Offset + Length;
}

/// <summary>Walks a PNG's chunks without reading their data; every length is checked against the file.</summary>
internal static class PngChunks
{
    public const string Format = "PNG";
    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The chunks up to and including IEND (a file may end without one). The caller may move the stream.</summary>
    public static IEnumerable<PngChunk> Read(Stream asset)
    {
        AssetStream.RequireSeekable(asset);
        asset.Position = 0;
        Span<byte> head = stackalloc byte[8];
        if (!AssetStream.TryReadExactly(asset, head) || !head.SequenceEqual(Signature))
        {
            throw AssetStream.Invalid(Format, "it does not start with the PNG signature");
        }

        return Walk(asset);
    }

    private static IEnumerable<PngChunk> Walk(Stream asset)
    {
        long position = 8;
        long length = asset.Length;
        var header = new byte[8];
        while (position < length)
        {
            if (position + 12 > length)
            {
                throw AssetStream.Invalid(Format, $"the chunk at offset {position} is truncated ({length - position} bytes left)");
            }

            asset.Position = position;
            asset.ReadExactly(header);
            uint dataLength = AssetStream.ReadU32BigEndian(header);
            if (dataLength > int.MaxValue)
            {
                throw AssetStream.Invalid(Format, $"the chunk at offset {position} declares {dataLength} bytes, over PNG's 2^31-1 limit");
            }

            if (!IsChunkType(header.AsSpan(4, 4)))
            {
                throw AssetStream.Invalid(Format, $"the chunk at offset {position} has an invalid type");
            }

            var chunk = new PngChunk(position, dataLength, System.Text.Encoding.ASCII.GetString(header, 4, 4));
            if (chunk.End > length)
            {
                throw AssetStream.Invalid(Format,
                    $"chunk '{chunk.Type}' at offset {position} declares {dataLength} data bytes but only {length - position - 12} remain");
            }

            yield return chunk;
            if (chunk.Type == "IEND")
            {
                yield break;
            }

            position = chunk.End;
        }
    }

    private static bool IsChunkType(ReadOnlySpan<byte> type)
    {
        foreach (byte b in type)
        {
            if (b is not ((>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z')))
            {
                return false;
            }
        }

        return true;
    }
}
