using System.Globalization;

namespace Verifier.Media;

/// <summary>Encodes RGB frames to an H.264 MP4 (libx264, yuv420p) by writing them to ffmpeg's stdin.</summary>
public sealed class VideoEncoder(FfmpegTools tools)
{
    /// <summary>
    /// Writes <paramref name="frames"/> (all one size, even width and height as yuv420p needs) at
    /// <paramref name="framesPerSecond"/> to <paramref name="outputPath"/>. The file appears only when complete: ffmpeg
    /// writes a hidden file beside it that is renamed on success and removed on failure.
    /// </summary>
    public async Task EncodeAsync(
        IEnumerable<Frame> frames, double framesPerSecond, string outputPath, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(framesPerSecond);
        using var source = frames.GetEnumerator();
        if (!source.MoveNext())
        {
            throw new ArgumentException("there are no frames to encode", nameof(frames));
        }

        var first = source.Current;
        if (first.Width % 2 != 0 || first.Height % 2 != 0)
        {
            throw new ArgumentException($"H.264 in yuv420p needs an even width and height, not {first.Width}x{first.Height}", nameof(frames));
        }

        var output = Path.GetFullPath(outputPath);
        var partial = Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.partial");
        string[] args =
        [
            "-nostats", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{first.Width}x{first.Height}",
            "-r", framesPerSecond.ToString("0.######", CultureInfo.InvariantCulture), "-i", "pipe:0",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
            "-f", "mp4", partial,
        ];
        try
        {
            await ToolRun.RunAsync(
                tools,
                tools.FfmpegPath,
                args,
                output,
                MediaErrorKind.ToolFailed,
                writesInput: true,
                async (process, token) =>
                {
                    do
                    {
                        var frame = source.Current;
                        if (frame.Width != first.Width || frame.Height != first.Height)
                        {
                            throw new ArgumentException($"every frame must be {first.Width}x{first.Height}; one at {frame.TimeSeconds:0.###} s is {frame.Width}x{frame.Height}", nameof(frames));
                        }

                        await process.Input.WriteAsync(frame.Rgb, token).ConfigureAwait(false);
                    }
                    while (source.MoveNext());

                    // End of input tells ffmpeg to finish the file.
                    process.Input.Close();
                    return true;
                },
                cancellation).ConfigureAwait(false);
            File.Move(partial, output, overwrite: true);
        }
        finally
        {
            // Gone after the rename; never made when ffmpeg could not start writing.
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }
        }
    }
}
