using System.Buffers.Binary;

namespace Verifier.Provenance.Formats;

/// <summary>One top-level RIFF chunk: where its header starts, its four-character id and its data size (without the pad byte).</summary>
internal readonly record struct RiffChunk(long Offset, string Id, uint Size)
{
    public long DataOffset => Offset + 8;

    /// <summary>Header and data, without the pad byte (what c2pa-rs excludes for a C2PA chunk).</summary>
    public long Length => 8L + Size;

    /// <summary>Where the next chunk starts: chunks are padded to an even length.</summary>
    public long PaddedEnd => Offset + Length + (Size & 1);

    /// <summary>An XMP chunk: <c>XMP </c>, or <c>_PMX</c> as some writers spell it.</summary>
    public bool IsXmp => Id is "XMP " or "_PMX";
}

/// <summary>
/// Walks the top-level chunks of a RIFF file's first RIFF chunk (c2pa-rs does not look inside LIST chunks, so nested-LIST
/// bombs cost nothing); every size is checked against the file.
/// </summary>
internal static class RiffChunks
{
    public const string Format = "RIFF";

    /// <summary>More top-level chunks than this is hostile input.</summary>
    public const int MaxChunks = 100_000;

    /// <summary>
    /// The chunks, and the form type (<c>WEBP</c>, <c>WAVE</c>, ...). A RIFF size that overstates the file by less than a
    /// chunk header is tolerated, as c2pa-rs does (the hard binding covers the header); a chunk header or data past the end
    /// of the file is refused. The caller may move the stream.
    /// </summary>
    public static (string Form, List<RiffChunk> Chunks) Read(Stream asset)
    {
        AssetStream.RequireSeekable(asset);
        asset.Position = 0;
        var header = new byte[12];
        if (!AssetStream.TryReadExactly(asset, header) || !header.AsSpan().StartsWith("RIFF"u8))
        {
            throw AssetStream.Invalid(Format, "it does not start with a RIFF header");
        }

        long riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
        long fileEnd = asset.Length;
        string form = System.Text.Encoding.Latin1.GetString(header, 8, 4);
        var chunks = new List<RiffChunk>();
        long position = 12;
        while (position + 8 <= riffEnd)
        {
            if (chunks.Count >= MaxChunks)
            {
                throw AssetStream.Invalid(Format, $"more than {MaxChunks} top-level chunks");
            }

            if (position + 8 > fileEnd)
            {
                throw AssetStream.Invalid(Format, $"the file ends inside the chunk header at offset {position}");
            }

            asset.Position = position;
            asset.ReadExactly(header.AsSpan(0, 8));
            var chunk = new RiffChunk(position, System.Text.Encoding.Latin1.GetString(header, 0, 4), BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)));
            if (chunk.Offset + chunk.Length > fileEnd)
            {
                throw AssetStream.Invalid(Format, $"the chunk at offset {position} declares {chunk.Size} bytes, past the end of the file");
            }

            chunks.Add(chunk);
            position = chunk.PaddedEnd;
        }

        return (form, chunks);
    }
}
