using System.Globalization;

namespace Verifier.Media;

/// <summary>
/// Writes packed RGB24 frames to ffmpeg's stdin as raw video and lets the caller's output options encode them. The file
/// appears only when complete: ffmpeg writes a hidden file beside it that is renamed on success and removed on failure.
/// </summary>
internal static class FramePipe
{
    /// <param name="outputArguments">ffmpeg's options after the input, given the first frame and the partial file to end with.</param>
    public static async Task EncodeAsync(
        FfmpegTools tools,
        IEnumerable<Frame> frames,
        double framesPerSecond,
        string outputPath,
        Func<Frame, string, IReadOnlyList<string>> outputArguments,
        CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(framesPerSecond);
        using var source = frames.GetEnumerator();
        if (!source.MoveNext())
        {
            throw new ArgumentException("there are no frames to encode", nameof(frames));
        }

        var first = source.Current;
        var output = Path.GetFullPath(outputPath);
        var partial = Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.partial");
        string[] args =
        [
            "-nostats", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{first.Width}x{first.Height}",
            "-r", framesPerSecond.ToString("0.######", CultureInfo.InvariantCulture), "-i", "pipe:0",
            .. outputArguments(first, partial),
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
