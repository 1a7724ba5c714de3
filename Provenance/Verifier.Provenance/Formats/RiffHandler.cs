using System.Buffers.Binary;

namespace Verifier.Provenance.Formats;

/// <summary>
/// RIFF containers (WebP, WAV, AVI): the manifest store is the data of a top-level <c>C2PA</c> chunk of the first RIFF
/// chunk. Only top-level chunks are walked (c2pa-rs does not look inside LIST chunks), so nested-LIST bombs cost nothing.
/// </summary>
public sealed class RiffHandler : IAssetHandler
{
    private const string Format = "RIFF";

    /// <summary>More top-level chunks than this is hostile input.</summary>
    public const int MaxChunks = 100_000;

    public string Name => "riff";

    public string MediaType(Stream asset)
    {
        AssetStream.RequireSeekable(asset);
        asset.Position = 0;
        Span<byte> header = stackalloc byte[12];
        return AssetStream.TryReadExactly(asset, header) ? MediaTypeOf(header[8..12]) ?? "application/octet-stream" : "application/octet-stream";
    }

    public bool Matches(ReadOnlySpan<byte> header) =>
        header.Length >= 12 && header.StartsWith("RIFF"u8) && MediaTypeOf(header[8..12]) is not null;

    public LocatedManifest Locate(Stream asset)
    {
        AssetStream.RequireSeekable(asset);
        asset.Position = 0;
        var header = new byte[12];
        if (!AssetStream.TryReadExactly(asset, header) || !header.AsSpan().StartsWith("RIFF"u8))
        {
            throw AssetStream.Invalid(Format, "it does not start with a RIFF header");
        }

        // A RIFF size that overstates the file is tolerated (as c2pa-rs does); the hard binding covers the header.
        long riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
        long fileEnd = asset.Length;

        (long Offset, uint Size)? store = null;
        string? remoteUrl = null;
        long position = 12;
        int count = 0;
        while (position + 8 <= riffEnd)
        {
            if (++count > MaxChunks)
            {
                throw AssetStream.Invalid(Format, $"more than {MaxChunks} top-level chunks");
            }

            if (position + 8 > fileEnd)
            {
                throw AssetStream.Invalid(Format, $"the file ends inside the chunk header at offset {position}");
            }

            asset.Position = position;
            asset.ReadExactly(header.AsSpan(0, 8));
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            long dataEnd = position + 8 + size;
            if (dataEnd > fileEnd)
            {
                throw AssetStream.Invalid(Format, $"the chunk at offset {position} declares {size} bytes, past the end of the file");
            }

            var id = header.AsSpan(0, 4);
            if (id.SequenceEqual("C2PA"u8) && store is null)
            {
                store = (position, size);
            }
            else if ((id.SequenceEqual("XMP "u8) || id.SequenceEqual("_PMX"u8)) && remoteUrl is null && size <= AssetStream.MaxXmpBytes)
            {
                remoteUrl = XmpProvenance.Find(AssetStream.ReadBlock(asset, size, AssetStream.MaxXmpBytes, Format, "XMP chunk"));
            }

            position = dataEnd + (size & 1); // chunks are padded to an even length
        }

        if (store is not { } s)
        {
            return new LocatedManifest { RemoteUrl = remoteUrl };
        }

        asset.Position = s.Offset + 8;
        var data = AssetStream.ReadBlock(asset, s.Size, AssetStream.MaxStoreBytes, Format, "C2PA chunk");

        // c2pa-rs's exclusion is the chunk header and data, without the pad byte.
        return new LocatedManifest { Store = data, StoreRanges = [new ByteRange(s.Offset, 8L + s.Size)], RemoteUrl = remoteUrl };
    }

    private static string? MediaTypeOf(ReadOnlySpan<byte> form) =>
        form.SequenceEqual("WEBP"u8) ? "image/webp"
        : form.SequenceEqual("WAVE"u8) ? "audio/wav"
        : form.SequenceEqual("AVI "u8) ? "video/x-msvideo"
        : null;
}
