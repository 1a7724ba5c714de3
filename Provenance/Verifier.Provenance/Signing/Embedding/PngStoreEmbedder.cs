using System.Buffers.Binary;
using System.Security.Cryptography;
using Verifier.Provenance.Formats;

namespace Verifier.Provenance.Signing.Embedding;

/// <summary>PNG: the store is the data of a <c>caBX</c> chunk right after IHDR, as c2pa-rs writes it; old ones are dropped.</summary>
internal sealed class PngStoreEmbedder : StoreEmbedder
{
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
        WriteZeros(output, storeLength + 12L);
        CopySkipping(input, insertAt, input.Length, old, output, hash);
        return new StorePlacement(insertAt, storeLength + 12L);
    }

    public override void WriteStore(Stream output, StorePlacement placement, byte[] store)
    {
        var typed = new byte[4 + store.Length];
        "caBX"u8.CopyTo(typed);
        store.CopyTo(typed, 4);
        Span<byte> word = stackalloc byte[4];
        output.Position = placement.Start;
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)store.Length);
        output.Write(word);
        output.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        output.Write(word);
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
