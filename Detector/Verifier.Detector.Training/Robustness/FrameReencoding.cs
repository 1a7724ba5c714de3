using SkiaSharp;
using Verifier.Media;

namespace Verifier.Detector.Training.Robustness;

/// <summary>
/// What a platform does to an uploaded frame, applied to one attacked frame: a JPEG round trip (Skia, in memory) and an
/// H.264 round trip (libx264 veryfast at its default CRF 23, a one-frame MP4 in a private temporary folder, decoded back
/// with ffmpeg). H.264 needs even sides, so an odd last row or column is dropped (tiles never reach it: the tile grid
/// is centred and whole).
/// </summary>
public sealed class FrameReencoding(FfmpegTools tools, string temporaryFolder)
{
    public const string H264Condition = "h264 crf 23";

    private int files;

    public static Frame Jpeg(Frame frame, int quality)
    {
        using var bitmap = FramePixels.ToBitmap(frame);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality)
            ?? throw new MediaException(MediaErrorKind.ToolFailed, "Skia could not encode an attacked frame as JPEG.");
        using var decoded = SKBitmap.Decode(data) ?? throw new MediaException(MediaErrorKind.ToolFailed, "Skia could not decode its own JPEG.");
        using var rgba = decoded.ColorType == SKColorType.Rgba8888 ? null : decoded.Copy(SKColorType.Rgba8888);
        return new Frame(frame.Width, frame.Height, FramePixels.DropAlpha((rgba ?? decoded).GetPixelSpan()), frame.TimeSeconds);
    }

    public async Task<Frame> H264Async(Frame frame, CancellationToken cancellation)
    {
        var even = EvenSides(frame);
        var path = Path.Combine(temporaryFolder, $"frame-{files++}.mp4");
        try
        {
            await new VideoEncoder(tools).EncodeAsync([even], 1, path, cancellation).ConfigureAwait(false);
            var clip = await new Ffprobe(tools).ProbeAsync(path, cancellation).ConfigureAwait(false);
            var decoded = await new VideoDecoder(tools).DecodeAsync(clip, [new SampleRun(0, 1, AtKeyframe: true)], clip.DisplaySize, cancellation)
                .ConfigureAwait(false);
            return decoded is [var only] && only.Width == even.Width && only.Height == even.Height
                ? only
                : throw new MediaException(MediaErrorKind.ToolFailed, $"the H.264 round trip of a {even.Width}x{even.Height} frame gave {decoded.Count} frames");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Frame EvenSides(Frame frame)
    {
        var (width, height) = (frame.Width & ~1, frame.Height & ~1);
        if (width == frame.Width && height == frame.Height)
        {
            return frame;
        }

        var rgb = new byte[Frame.ByteCount(width, height)];
        for (var y = 0; y < height; y++)
        {
            frame.Rgb.AsSpan(y * frame.Width * 3, width * 3).CopyTo(rgb.AsSpan(y * width * 3));
        }

        return new Frame(width, height, rgb, frame.TimeSeconds);
    }
}
