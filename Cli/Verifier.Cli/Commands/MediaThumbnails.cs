using Verifier.Media;
using Verifier.Provenance.Signing;

namespace Verifier.Cli.Commands;

/// <summary>
/// The signing thumbnail seam filled by Verifier.Media: images as <see cref="ImageDecoder"/> reads them (SkiaSharp;
/// libheif for HEIC and AVIF), clips and animations through their first frame.
/// Like c2pa-rs, a thumbnail that cannot be made (unreadable pixels, no ffmpeg) leaves the manifest without one
/// rather than failing the signing; <paramref name="warn"/> says why.
/// </summary>
internal sealed class MediaThumbnails(Action<string> warn) : IThumbnailMaker
{
    public Thumbnail? Make(string assetPath, string mediaType)
    {
        try
        {
            byte[]? jpeg = mediaType.StartsWith("image/", StringComparison.Ordinal) ? new ThumbnailMaker().FromAnyImageAsync(assetPath).GetAwaiter().GetResult()
                : mediaType.StartsWith("video/", StringComparison.Ordinal) ? new ThumbnailMaker().FromVideoAsync(assetPath).GetAwaiter().GetResult()
                : null;
            return jpeg is null ? null : new Thumbnail("image/jpeg", jpeg);
        }
        catch (MediaException e)
        {
            warn($"no thumbnail: {e.Message}");
            return null;
        }
    }
}
