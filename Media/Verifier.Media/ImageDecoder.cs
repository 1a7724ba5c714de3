using SkiaSharp;

namespace Verifier.Media;

/// <summary>
/// Decodes still images (JPEG, PNG, WebP; a GIF's first frame) with SkiaSharp, and HEIC and AVIF through libheif
/// (<see cref="HeifImage"/>), into an upright <see cref="Frame"/> (EXIF orientation or HEIF transformations applied). Big photos can be decoded at a reduced scale by the codec itself (JPEG's DCT scaling), which is
/// much cheaper than decoding then resizing. An animated GIF's later frames come through ffmpeg as a clip.
/// </summary>
public static class ImageDecoder
{
    /// <summary>
    /// The format of <paramref name="path"/> (lower case: jpeg, png, webp, gif, heif, avif, ...) when it is one still
    /// picture, judged from its header alone; null for what neither Skia nor the HEIF brands recognise and for animations
    /// (an animated GIF or WebP, an AVIF sequence is a clip for ffmpeg).
    /// </summary>
    public static string? StillFormat(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return null;
        }

        using (var codec = SKCodec.Create(full))
        {
            if (codec is not null)
            {
                return codec.FrameCount <= 1 ? codec.EncodedFormat.ToString().ToLowerInvariant() : null;
            }
        }

        return HeifFormat(full);
    }

    /// <summary>The upright size (after the EXIF orientation) without decoding any pixels.</summary>
    public static FrameSize ReadSize(string path)
    {
        var full = Path.GetFullPath(path);
        using var codec = OpenCodec(full);
        if (codec is null)
        {
            return HeifImage.ReadSize(full);
        }

        return ImageOrientation.SwapsSides(codec.EncodedOrigin)
            ? new FrameSize(codec.Info.Height, codec.Info.Width)
            : new FrameSize(codec.Info.Width, codec.Info.Height);
    }

    /// <summary>
    /// Decodes <paramref name="path"/>. With <paramref name="targetLongSide"/>, a larger image is decoded at the scale its
    /// codec offers nearest to that (JPEG: 1/8 steps; the result can be a little off the target; a codec that cannot
    /// scale, as HEIF's, gives the full size). Unreadable, unsupported or truncated files throw <see cref="MediaException"/>.
    /// </summary>
    public static Frame Decode(string path, int? targetLongSide = null)
    {
        var full = Path.GetFullPath(path);
        using var codec = OpenCodec(full);
        if (codec is null)
        {
            return HeifImage.Decode(full);
        }

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

    /// <summary>
    /// Skia's codec for the file, size-checked; null for a HEIF still (Skia has no codec for it: libheif reads it), and for
    /// anything else Skia cannot read a <see cref="MediaException"/>. Only what Skia refuses pays for the HEIF header check.
    /// </summary>
    private static SKCodec? OpenCodec(string full)
    {
        if (!File.Exists(full))
        {
            throw new MediaException(MediaErrorKind.UnreadableMedia, $"{full}: no such file.");
        }

        var codec = SKCodec.Create(full, out var result);
        if (codec is null)
        {
            return HeifFormat(full) is not null
                ? null
                : throw new MediaException(MediaErrorKind.UnreadableMedia, $"{full}: not an image format that can be read ({Describe(result)}).");
        }

        if (codec.Info.Width is <= 0 or > Frame.MaxSide || codec.Info.Height is <= 0 or > Frame.MaxSide)
        {
            var size = $"{codec.Info.Width}x{codec.Info.Height}";
            codec.Dispose();
            throw new MediaException(MediaErrorKind.UnreadableMedia, $"{full}: the image is {size}; each side must be 1..{Frame.MaxSide}.");
        }

        return codec;
    }

    /// <summary>The HEIF still format named by the file's <c>ftyp</c>, or null (also for a file that cannot be read).</summary>
    private static string? HeifFormat(string full)
    {
        Span<byte> header = stackalloc byte[12];
        try
        {
            using var file = File.OpenRead(full);
            return file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length ? HeifImage.Format(header) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput => "the file is truncated or corrupt",
        SKCodecResult.Unimplemented => "this variant of the format is not supported",
        SKCodecResult.InvalidInput => "the data is not a valid image",
        _ => $"Skia: {result}",
    };
}
