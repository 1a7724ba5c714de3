using System.Buffers.Binary;
using System.Security.Cryptography;
using Verifier.Provenance.Formats;

namespace Verifier.Provenance.Signing.Embedding;

/// <summary>
/// WebP: the store is the data of a top-level <c>C2PA</c> RIFF chunk after the last chunk, as c2pa-rs writes it (a simple
/// VP8/VP8L file stays simple: c2pa-rs does not convert it to VP8X); old C2PA chunks are dropped and the RIFF size is set
/// for the new layout. The exclusion is the chunk's header and data; its pad byte (odd sizes) is zero and hashed.
/// </summary>
internal sealed class WebpStoreEmbedder(byte[]? xmp) : StoreEmbedder(xmp)
{
    public override bool UsesDataHash => true;

    public override StorePlacement Embed(Stream input, Stream output, int storeLength, IncrementalHash hash)
    {
        if (Xmp is not null)
        {
            throw new SigningRefusedException(RefusalRule.UnsupportedFormat, "--remote: Verifier does not write XMP into WebP yet; sign it without --remote");
        }

        var (form, chunks) = RiffChunks.Read(input);
        if (form != "WEBP")
        {
            throw AssetStream.Invalid(RiffChunks.Format, $"the RIFF form is '{form}', not WEBP");
        }

        var old = chunks.Where(c => c.Id == "C2PA").Select(c => new ByteRange(c.Offset, c.PaddedEnd - c.Offset)).ToList();
        long end = Math.Min(chunks.Count == 0 ? 12 : chunks[^1].PaddedEnd, input.Length);
        long body = end - 12 - old.Sum(r => Math.Min(r.End, end) - r.Start);
        // Chunks start at even offsets, so an odd body lacks the last chunk's pad byte (cut off at the end of the file);
        // it is written so the new chunk starts even.
        long pad = body & 1;
        long riffSize = 4 + body + pad + 8 + storeLength + (storeLength & 1);
        if (riffSize > uint.MaxValue)
        {
            throw AssetStream.Invalid(RiffChunks.Format, "the signed WebP would be over the 4 GiB a RIFF size can say");
        }

        var header = new byte[12];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)riffSize);
        "WEBP"u8.CopyTo(header.AsSpan(8));
        output.Write(header);
        hash.AppendData(header);
        CopySkipping(input, 12, end, old, output, hash);
        if (pad > 0)
        {
            output.WriteByte(0);
            hash.AppendData([0]);
        }

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
        var header = new byte[8];
        "C2PA"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)store.Length);
        output.Position = placement.Start;
        output.Write(header);
        output.Write(store);
    }
}
