using Verifier.Media;

namespace Verifier.Detector.Training.Evaluation;

/// <summary>
/// What a file says about itself without its pixels: size, duration, frame rate, audio, container (the file name's
/// extension), codec and byte count. The metadata-only baseline learns from these alone.
/// </summary>
public sealed record FileMetadata(
    int Width, int Height, double DurationSeconds, double FramesPerSecond, bool HasAudio, string Container, string Codec, long Bytes)
{
    public bool IsVideo => FramesPerSecond > 0;

    /// <summary>Bits per pixel of the whole file: per frame for a clip (duration x fps frames), per picture for a still.</summary>
    public double BitsPerPixel
    {
        get
        {
            var frames = IsVideo ? Math.Max(1, DurationSeconds * FramesPerSecond) : 1;
            return Bytes * 8.0 / ((double)Width * Height * frames);
        }
    }

    /// <summary>
    /// Reads a still's header with Skia (as the scanner does: what Skia reads as one picture is an image) and a clip's
    /// streams with ffprobe. Unreadable files throw <see cref="MediaException"/>.
    /// </summary>
    public static async Task<FileMetadata> ReadAsync(string path, FfmpegTools tools, CancellationToken cancellation)
    {
        var container = Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
        var bytes = new FileInfo(path).Length;
        if (ImageDecoder.StillFormat(path) is { } format)
        {
            var size = ImageDecoder.ReadSize(path);
            return new FileMetadata(size.Width, size.Height, 0, 0, false, container, format, bytes);
        }

        var clip = await new Ffprobe(tools).ProbeAsync(path, cancellation).ConfigureAwait(false);
        var display = clip.DisplaySize;
        return new FileMetadata(display.Width, display.Height, clip.DurationSeconds, clip.FramesPerSecond, clip.HasAudio, container, clip.Codec, bytes);
    }
}
