namespace Verifier.Media;

/// <summary>Encodes RGB frames to an H.264 MP4 (libx264, yuv420p) by writing them to ffmpeg's stdin.</summary>
public sealed class VideoEncoder(FfmpegTools tools)
{
    /// <summary>
    /// Writes <paramref name="frames"/> (all one size, even width and height as yuv420p needs) at
    /// <paramref name="framesPerSecond"/> to <paramref name="outputPath"/>. The file appears only when complete: ffmpeg
    /// writes a hidden file beside it that is renamed on success and removed on failure.
    /// </summary>
    public Task EncodeAsync(
        IEnumerable<Frame> frames, double framesPerSecond, string outputPath, CancellationToken cancellation = default) =>
        FramePipe.EncodeAsync(tools, frames, framesPerSecond, outputPath, (first, partial) =>
            first.Width % 2 != 0 || first.Height % 2 != 0
                ? throw new ArgumentException($"H.264 in yuv420p needs an even width and height, not {first.Width}x{first.Height}", nameof(frames))
                : ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", partial],
            cancellation);
}
