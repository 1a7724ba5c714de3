using SkiaSharp;

namespace Verifier.Media;

/// <summary>
/// Decodes still images (JPEG, PNG, WebP; a GIF's first frame) with SkiaSharp into an upright <see cref="Frame"/> (EXIF
/// orientation applied). Big photos can be decoded at a reduced scale by the codec itself (JPEG's DCT scaling), which is
/// much cheaper than decoding then resizing. An animated GIF's later frames come through ffmpeg as a clip.
/// </summary>
public static class ImageDecoder
{
    /// <summary>
    /// The format of <paramref name="path"/> (lower case: jpeg, png, webp, gif, ...) when Skia reads it as one still picture,
    /// judged from its header alone; null for what Skia does not recognise and for animations (an animated GIF or WebP is
    /// a clip for ffmpeg).
    /// </summary>
    public static string? StillFormat(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return null;
        }

        using var codec = SKCodec.Create(full);
        return codec is not null && codec.FrameCount <= 1 ? codec.EncodedFormat.ToString().ToLowerInvariant() : null;
    }

    /// <summary>The upright size (after the EXIF orientation) without decoding any pixels.</summary>
    public static FrameSize ReadSize(string path)
    {
        using var codec = OpenCodec(path, out _);
        return ImageOrientation.SwapsSides(codec.EncodedOrigin)
            ? new FrameSize(codec.Info.Height, codec.Info.Width)
            : new FrameSize(codec.Info.Width, codec.Info.Height);
    }

    /// <summary>
    /// Decodes <paramref name="path"/>. With <paramref name="targetLongSide"/>, a larger image is decoded at the scale its
    /// codec offers nearest to that (JPEG: 1/8 steps; the result can be a little off the target; a codec that cannot
    /// scale gives the full size). Unreadable, unsupported or truncated files throw <see cref="MediaException"/>.
    /// </summary>
    public static Frame Decode(string path, int? targetLongSide = null)
    {
        using var codec = OpenCodec(path, out var full);
        var info = codec.Info;
        var longSide = Math.Max(info.Width, info.Height);
        var size = new SKSizeI(info.Width, info.Height);
        if (targetLongSide is > 0 and var target && target < longSide)
        {
            size = codec.GetScaledDimensions((float)target / longSide);
        }

        var decodeInfo = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(decodeInfo);
        var result = codec.GetPixels(decodeInfo, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new MediaException(MediaErrorKind.UnreadableMedia, $"{full}: the image could not be decoded ({Describe(result)}).");
        }

        using var upright = ImageOrientation.Upright(bitmap, codec.EncodedOrigin);
        var picture = upright ?? bitmap;
        return new Frame(picture.Width, picture.Height, FramePixels.DropAlpha(picture.GetPixelSpan()), 0);
    }

    private static SKCodec OpenCodec(string path, out string full)
    {
        full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new MediaException(MediaErrorKind.UnreadableMedia, $"{full}: no such file.");
        }

        var codec = SKCodec.Create(full, out var result)
            ?? throw new MediaException(MediaErrorKind.UnreadableMedia, $"{full}: not an image format that can be read ({Describe(result)}).");
        if (codec.Info.Width is <= 0 or > Frame.MaxSide || codec.Info.Height is <= 0 or > Frame.MaxSide)
        {
            var size = $"{codec.Info.Width}x{codec.Info.Height}";
            codec.Dispose();
            throw new MediaException(MediaErrorKind.UnreadableMedia, $"{full}: the image is {size}; each side must be 1..{Frame.MaxSide}.");
        }

        return codec;
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput => "the file is truncated or corrupt",
        SKCodecResult.Unimplemented => "this variant of the format is not supported",
        SKCodecResult.InvalidInput => "the data is not a valid image",
        _ => $"Skia: {result}",
    };
}
