namespace Verifier.Media;

/// <summary>
/// Writes media losslessly through an optional ffmpeg filter chain: clips as FFV1 in Matroska (RGB planes, every frame
/// kept at its own time, no audio), stills as PNG. Bit-exact muxing (no encoder string, date or random segment ID), so
/// the same input and filters give the same bytes. One ffmpeg thread per run: callers parallelise over files.
/// Files appear only when complete.
/// </summary>
public sealed class LosslessWriter(FfmpegTools tools)
{
    public const string ClipExtension = ".mkv";

    public const string StillExtension = ".png";

    private static readonly string[] Ffv1 = ["-c:v", "ffv1", "-level", "3", "-pix_fmt", "gbrp"];

    private static readonly string[] Exact = ["-threads", "1", "-filter_threads", "1", "-fflags", "+bitexact", "-flags:v", "+bitexact"];

    /// <summary>
    /// Passes the first video stream of <paramref name="inputPath"/> through <paramref name="filters"/> (an ffmpeg
    /// <c>-vf</c> chain; null for none) into an FFV1 MKV at <paramref name="outputPath"/>; the frame count and each
    /// frame's time are kept. Unreadable input throws <see cref="MediaException"/> naming it.
    /// </summary>
    public async Task FilterClipAsync(string inputPath, string? filters, string outputPath, CancellationToken cancellation = default)
    {
        var input = Path.GetFullPath(inputPath);
        if (!File.Exists(input))
        {
            throw new MediaException(MediaErrorKind.UnreadableMedia, $"{input}: no such file.");
        }

        var output = Path.GetFullPath(outputPath);
        var partial = Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.partial");
        string[] args =
        [
            "-nostdin", "-nostats", "-hide_banner", "-loglevel", "error", "-y",
            .. InputPolicy.Options, "-i", input,
            "-map", "0:v:0", "-an", "-sn", "-dn", "-map_metadata", "-1", .. Filters(filters, "gbrp"),
            "-fps_mode", "passthrough", .. Ffv1, .. Exact, "-f", "matroska", partial,
        ];
        try
        {
            await ToolRun.RunAsync(tools, tools.FfmpegPath, args, input, MediaErrorKind.UnreadableMedia, writesInput: false,
                (_, _) => Task.FromResult(true), cancellation).ConfigureAwait(false);
            File.Move(partial, output, overwrite: true);
        }
        finally
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }
        }
    }

    /// <summary>Passes one picture through <paramref name="filters"/> (null for none) into a PNG at <paramref name="outputPath"/>.</summary>
    public Task FilterStillAsync(Frame frame, string? filters, string outputPath, CancellationToken cancellation = default) =>
        FramePipe.EncodeAsync(tools, [frame], 1, outputPath, (_, partial) =>
            [.. Filters(filters, "rgb24"), "-frames:v", "1", "-c:v", "png", .. Exact, "-f", "image2", "-update", "1", partial], cancellation);

    /// <summary>Writes <paramref name="frames"/> at a constant <paramref name="framesPerSecond"/> into an FFV1 MKV.</summary>
    public Task WriteClipAsync(IEnumerable<Frame> frames, double framesPerSecond, string outputPath, CancellationToken cancellation = default) =>
        FramePipe.EncodeAsync(tools, frames, framesPerSecond, outputPath, (_, partial) =>
            ["-pix_fmt", "gbrp", .. Ffv1, .. Exact, "-f", "matroska", partial], cancellation);

    // The chain starts in RGB so scaling never works on subsampled chroma, and ends in the encoder's pixel format.
    private static string[] Filters(string? filters, string pixelFormat) =>
        ["-vf", filters is null ? $"format={pixelFormat}" : $"format=gbrp,{filters},format={pixelFormat}"];
}
