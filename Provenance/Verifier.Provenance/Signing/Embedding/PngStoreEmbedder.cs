using System.Buffers.Binary;
using System.Security.Cryptography;
using Verifier.Provenance.Formats;

namespace Verifier.Provenance.Signing.Embedding;

/// <summary>PNG: the store is the data of a <c>caBX</c> chunk right after IHDR, as c2pa-rs writes it; old ones are dropped.</summary>
internal sealed class PngStoreEmbedder(byte[]? xmp) : StoreEmbedder(xmp)
{
    private static ReadOnlySpan<byte> XmpKeyword => "XML:com.adobe.xmp\0"u8;

    public override bool UsesDataHash => true;

    public override StorePlacement Embed(Stream input, Stream output, int storeLength, IncrementalHash hash)
    {
        var chunks = PngChunks.Read(input).ToList();
        if (chunks.Count == 0 || chunks[0].Type != "IHDR")
        {
            throw AssetStream.Invalid(PngChunks.Format, "the first chunk is not IHDR");
        }

        long insertAt = chunks[0].End;
        var old = chunks.Where(c => c.Type == "caBX").Select(c => new ByteRange(c.Offset, c.Length)).ToList();
        Copy(input, 0, insertAt, output, hash);
        if (Xmp is not null)
        {
            if (chunks.Any(c => c.Type == "iTXt" && StartsWithXmpKeyword(input, c)))
            {
                throw XmpPacket.AlreadyPresent("PNG");
            }

            // iTXt: keyword NUL, compression flag 0, method 0, empty language NUL, empty translated keyword NUL, text.
            var chunk = Chunk("iTXt", [.. XmpKeyword, 0, 0, 0, 0, .. Xmp]);
            output.Write(chunk);
            hash.AppendData(chunk);
        }

        long start = output.Position;
        WriteZeros(output, storeLength + 12L);
        CopySkipping(input, insertAt, input.Length, old, output, hash);
        return new StorePlacement(start, storeLength + 12L);
    }

    public override void WriteStore(Stream output, StorePlacement placement, byte[] store)
    {
        output.Position = placement.Start;
        output.Write(Chunk("caBX", store));
    }

    /// <summary>A whole chunk: length, type, data, CRC.</summary>
    private static byte[] Chunk(string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        System.Text.Encoding.ASCII.GetBytes(type, chunk.AsSpan(4));
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static bool StartsWithXmpKeyword(Stream input, PngChunk chunk)
    {
        var head = new byte[XmpKeyword.Length];
        input.Position = chunk.DataOffset;
        return chunk.DataLength >= head.Length && input.ReadAtLeast(head, head.Length, false) == head.Length && XmpKeyword.SequenceEqual(head);
    }

    /// <summary>The PNG chunk CRC (ISO 3309 / ITU-T V.42, over type and data).</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
