using System.Globalization;

namespace Verifier.Media;

/// <summary>
/// Re-encodes a clip's first video stream as H.264 (libx264, yuv420p, no audio) at a chosen CRF, as a platform
/// re-encode would: training augments clips with it so compression cannot stand in for the label.
/// </summary>
public sealed class VideoTranscoder(FfmpegTools tools)
{
    /// <summary>
    /// Writes <paramref name="inputPath"/> re-encoded at <paramref name="crf"/> (0..51; 23 is libx264's default) to
    /// <paramref name="outputPath"/>. An odd width or height loses its last column or row (yuv420p needs even sides;
    /// cropping keeps the pixel grid, scaling would not). The file appears only when complete.
    /// </summary>
    public async Task TranscodeAsync(string inputPath, string outputPath, int crf, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(crf);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(crf, 51);
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
            "-map", "0:v:0", "-an", "-vf", "crop=trunc(iw/2)*2:trunc(ih/2)*2",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", crf.ToString(CultureInfo.InvariantCulture), "-pix_fmt", "yuv420p",
            "-f", "mp4", partial,
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
}
