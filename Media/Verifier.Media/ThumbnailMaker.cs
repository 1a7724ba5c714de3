using SkiaSharp;

namespace Verifier.Media;

/// <summary>
/// Makes a size-capped JPEG thumbnail of an image (decoded at a reduced scale by its codec) or of a clip (its first frame,
/// scaled by ffmpeg): the long side at most <see cref="MaxLongSide"/>, quality <see cref="Quality"/>, and shrunk further
/// until the JPEG fits in <see cref="MaxBytes"/>. Unreadable media throws <see cref="MediaException"/>.
/// </summary>
public sealed class ThumbnailMaker(FfmpegTools? tools = null)
{
    public const int MaxLongSide = 1024;

    public const int MaxBytes = 256 * 1024;

    public const int Quality = 75;

    // Each retry shrinks the sides by this factor; a handful of steps takes even a noisy 1024 px picture under the cap.
    private const double ShrinkStep = 0.75;
    private const int MaxShrinks = 12;

    /// <summary>The JPEG thumbnail of the still image at <paramref name="path"/>.</summary>
    public static byte[] FromImage(string path) => Encode(ImageDecoder.Decode(path, MaxLongSide));

    /// <summary>
    /// The JPEG thumbnail of an image: of the still <see cref="ImageDecoder"/> reads (Skia, or libheif for HEIC and AVIF);
    /// of an animation (GIF, WebP, an AVIF sequence) the first frame ffmpeg decodes.
    /// </summary>
    public Task<byte[]> FromAnyImageAsync(string path, CancellationToken cancellation = default) =>
        ImageDecoder.StillFormat(path) is null ? FromVideoAsync(path, cancellation) : Task.FromResult(FromImage(path));

    /// <summary>The JPEG thumbnail of the first frame of the clip at <paramref name="path"/> (needs ffmpeg).</summary>
    public async Task<byte[]> FromVideoAsync(string path, CancellationToken cancellation = default)
    {
        var ffmpeg = tools ?? FfmpegTools.Locate();
        var clip = await new Ffprobe(ffmpeg).ProbeAsync(path, cancellation).ConfigureAwait(false);
        var frames = await new VideoDecoder(ffmpeg)
            .DecodeAsync(clip, [new SampleRun(0, 1, AtKeyframe: true)], Fit(clip.DisplaySize, MaxLongSide), cancellation)
            .ConfigureAwait(false);
        return frames.Count > 0
            ? Encode(frames[0])
            : throw new MediaException(MediaErrorKind.UnreadableMedia, $"{Path.GetFullPath(path)}: no video frame could be decoded.");
    }

    /// <summary>Encodes <paramref name="frame"/> as a JPEG within <see cref="MaxLongSide"/> and <see cref="MaxBytes"/>.</summary>
    public static byte[] Encode(Frame frame) => EncodeWithin(frame, MaxLongSide).Jpeg;

    /// <summary>
    /// Encodes <paramref name="frame"/> as a JPEG whose long side is at most <paramref name="longSide"/> (never scaled up)
    /// and whose size is within <see cref="MaxBytes"/>; returns the picture's size too, so pixel positions can be mapped onto it.
    /// </summary>
    public static (byte[] Jpeg, FrameSize Size) EncodeWithin(Frame frame, int longSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(longSide);
        using var source = FramePixels.ToBitmap(frame);
        var size = Fit(new FrameSize(frame.Width, frame.Height), longSide);
        for (int attempt = 0; ; attempt++)
        {
            var jpeg = EncodeAt(source, size);
            if (jpeg.Length <= MaxBytes || attempt == MaxShrinks || Math.Max(size.Width, size.Height) <= 1)
            {
                return jpeg.Length <= MaxBytes
                    ? (jpeg, size)
                    : throw new MediaException(MediaErrorKind.ToolFailed, $"the thumbnail stayed over {MaxBytes} bytes after shrinking.");
            }

            size = Fit(size, (int)(Math.Max(size.Width, size.Height) * ShrinkStep));
        }
    }

    /// <summary><paramref name="size"/> scaled (never up) so its long side is at most <paramref name="longSide"/>, sides at least 1.</summary>
    internal static FrameSize Fit(FrameSize size, int longSide)
    {
        var scale = Math.Min(1.0, (double)longSide / Math.Max(size.Width, size.Height));
        return new FrameSize(Math.Max(1, (int)Math.Round(size.Width * scale)), Math.Max(1, (int)Math.Round(size.Height * scale)));
    }

    private static byte[] EncodeAt(SKBitmap source, FrameSize size)
    {
        using var scaled = size.Width == source.Width && size.Height == source.Height
            ? null
            : source.Resize(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Opaque),
                new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var image = SKImage.FromBitmap(scaled ?? source);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, Quality)
            ?? throw new MediaException(MediaErrorKind.ToolFailed, "Skia could not encode the thumbnail as JPEG.");
        return data.ToArray();
    }
}
