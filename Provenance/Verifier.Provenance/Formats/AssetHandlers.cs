namespace Verifier.Provenance.Formats;

/// <summary>The asset handlers Verifier knows, chosen by a file's first bytes or by media type.</summary>
public static class AssetHandlers
{
    /// <summary>How many leading bytes <see cref="Detect"/> reads to recognise a format.</summary>
    public const int HeaderLength = 64;

    /// <summary>Every handler, tried in this order. Add new formats here.</summary>
    public static IReadOnlyList<IAssetHandler> All { get; } =
    [
        new JpegHandler(),
        new PngHandler(),
        new RiffHandler(),
        new TiffHandler(),
        new FlacHandler(),
        new Mp3Handler(),
        new GifHandler(),
        new JpegXlHandler(),
        new Bmff.BmffHandler(),
        new SvgHandler(),
        new PdfHandler(),
        new SidecarHandler(),
    ];

    /// <summary>The handler whose magic bytes start <paramref name="asset"/>, or null. Leaves the stream at its start.</summary>
    public static IAssetHandler? Detect(Stream asset)
    {
        AssetStream.RequireSeekable(asset);
        asset.Position = 0;
        Span<byte> header = stackalloc byte[HeaderLength];
        int n = asset.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        asset.Position = 0;
        if (FlacHandler.FollowsId3Tag(asset, header[..n]))
        {
            return Find<FlacHandler>(); // an ID3 tag fronts MP3 and FLAC alike: what follows it decides
        }

        foreach (var handler in All)
        {
            if (handler.Matches(header[..n]))
            {
                return handler;
            }
        }

        return null;
    }

    /// <summary>The handler for a media type (or a bare file extension such as <c>jpg</c>), or null.</summary>
    public static IAssetHandler? ForMediaType(string mediaType) =>
        mediaType.ToLowerInvariant() switch
        {
            "image/jpeg" or "image/jpg" or "jpg" or "jpeg" => Find<JpegHandler>(),
            "image/png" or "png" => Find<PngHandler>(),
            "image/webp" or "audio/wav" or "audio/wave" or "audio/x-wav" or "audio/vnd.wave" or "video/x-msvideo"
                or "video/avi" or "webp" or "wav" or "avi" => Find<RiffHandler>(),
            "image/tiff" or "image/dng" or "image/x-adobe-dng" or "tif" or "tiff" or "dng" => Find<TiffHandler>(),
            "audio/mpeg" or "audio/mp3" or "mp3" => Find<Mp3Handler>(),
            "audio/flac" or "audio/x-flac" or "flac" => Find<FlacHandler>(),
            "image/gif" or "gif" => Find<GifHandler>(),
            "image/jxl" or "jxl" => Find<JpegXlHandler>(),
            "image/svg+xml" or "application/svg+xml" or "svg" => Find<SvgHandler>(),
            "application/pdf" or "pdf" => Find<PdfHandler>(),
            "application/c2pa" or "application/x-c2pa-manifest-store" or "c2pa" => Find<SidecarHandler>(),
            _ => null,
        };

    private static IAssetHandler? Find<T>() => All.FirstOrDefault(h => h is T);
}
