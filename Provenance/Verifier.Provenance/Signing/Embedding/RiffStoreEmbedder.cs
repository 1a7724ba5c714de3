using System.Buffers.Binary;
using System.Security.Cryptography;
using Verifier.Provenance.Formats;

namespace Verifier.Provenance.Signing.Embedding;

/// <summary>
/// RIFF (WebP, WAV, AVI): the store is the data of a top-level <c>C2PA</c> chunk after the last chunk, as c2pa-rs writes it
/// (a simple VP8/VP8L WebP stays simple: c2pa-rs does not convert it to VP8X); with <c>--remote</c> an <c>XMP </c> chunk
/// goes just before it. Old C2PA chunks are dropped and the RIFF size is set for the new layout. The exclusion is the
/// chunk's header and data; its pad byte (odd sizes) is zero and hashed.
/// </summary>
internal sealed class RiffStoreEmbedder(byte[]? xmp) : StoreEmbedder(xmp)
{
    public override bool UsesDataHash => true;

    public override StorePlacement Embed(Stream input, Stream output, int storeLength, IncrementalHash hash)
    {
        // The form (WEBP, WAVE, AVI) is kept: RiffHandler matched only those.
        var (form, chunks) = RiffChunks.Read(input);

        if (Xmp is not null && chunks.Any(c => c.IsXmp))
        {
            throw XmpPacket.AlreadyPresent($"RIFF '{form.TrimEnd()}' file");
        }

        var old = chunks.Where(c => c.Id == "C2PA").Select(c => new ByteRange(c.Offset, c.PaddedEnd - c.Offset)).ToList();
        long end = Math.Min(chunks.Count == 0 ? 12 : chunks[^1].PaddedEnd, input.Length);
        long body = end - 12 - old.Sum(r => Math.Min(r.End, end) - r.Start);
        // Chunks start at even offsets, so an odd body lacks the last chunk's pad byte (cut off at the end of the file);
        // it is written so the new chunks start even.
        long pad = body & 1;
        var xmpChunk = Xmp is null ? [] : Chunk("XMP ", Xmp);
        long riffSize = 4 + body + pad + xmpChunk.Length + 8 + storeLength + (storeLength & 1);
        if (riffSize > uint.MaxValue)
        {
            throw AssetStream.Invalid(RiffChunks.Format, "the signed file would be over the 4 GiB a RIFF size can say");
        }

        var header = new byte[12];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)riffSize);
        System.Text.Encoding.Latin1.GetBytes(form, header.AsSpan(8));
        output.Write(header);
        hash.AppendData(header);
        CopySkipping(input, 12, end, old, output, hash);
        if (pad > 0)
        {
            output.WriteByte(0);
            hash.AppendData([0]);
        }

        output.Write(xmpChunk);
        hash.AppendData(xmpChunk);
        var placement = new StorePlacement(output.Position, 8L + storeLength);
        WriteZeros(output, placement.Length);
        if ((storeLength & 1) != 0)
        {
            output.WriteByte(0);
            hash.AppendData([0]);
        }

        // Bytes after the RIFF chunk (rare) stay after it, hashed.
        Copy(input, end, input.Length - end, output, hash);
        return placement;
    }

    public override void WriteStore(Stream output, StorePlacement placement, byte[] store)
    {
        output.Position = placement.Start;
        output.Write(Header("C2PA", store.Length));
        output.Write(store);
    }

    /// <summary>A whole chunk: its header, the data and a zero pad byte when the size is odd.</summary>
    private static byte[] Chunk(string id, byte[] data) => [.. Header(id, data.Length), .. data, .. new byte[data.Length & 1]];

    private static byte[] Header(string id, int size)
    {
        var header = new byte[8];
        System.Text.Encoding.Latin1.GetBytes(id, header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)size);
        return header;
    }
}
