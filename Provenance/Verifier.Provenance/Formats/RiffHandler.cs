namespace Verifier.Provenance.Formats;

/// <summary>
/// RIFF containers (WebP, WAV, AVI): the manifest store is the data of a top-level <c>C2PA</c> chunk of the first RIFF
/// chunk (<see cref="RiffChunks"/> walks them).
/// </summary>
public sealed class RiffHandler : IAssetHandler
{
    /// <summary>More top-level chunks than this is hostile input.</summary>
    public const int MaxChunks = RiffChunks.MaxChunks;

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
        RiffChunk? store = null;
        string? remoteUrl = null;
        foreach (var chunk in RiffChunks.Read(asset).Chunks)
        {
            if (chunk.Id == "C2PA" && store is null)
            {
                store = chunk;
            }
            else if (chunk.IsXmp && remoteUrl is null && chunk.Size <= AssetStream.MaxXmpBytes)
            {
                asset.Position = chunk.DataOffset;
                remoteUrl = XmpProvenance.Find(AssetStream.ReadBlock(asset, chunk.Size, AssetStream.MaxXmpBytes, RiffChunks.Format, "XMP chunk"));
            }
        }

        if (store is not { } s)
        {
            return new LocatedManifest { RemoteUrl = remoteUrl };
        }

        asset.Position = s.DataOffset;
        var data = AssetStream.ReadBlock(asset, s.Size, AssetStream.MaxStoreBytes, RiffChunks.Format, "C2PA chunk");

        // c2pa-rs's exclusion is the chunk header and data, without the pad byte.
        return new LocatedManifest { Store = data, StoreRanges = [new ByteRange(s.Offset, s.Length)], RemoteUrl = remoteUrl };
    }

    private static string? MediaTypeOf(ReadOnlySpan<byte> form) =>
        form.SequenceEqual("WEBP"u8) ? "image/webp"
        : form.SequenceEqual("WAVE"u8) ? "audio/wav"
        : form.SequenceEqual("AVI "u8) ? "video/x-msvideo"
        : null;
}
