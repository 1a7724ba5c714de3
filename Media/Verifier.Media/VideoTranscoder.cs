using System.Globalization;

namespace Verifier.Media;

/// <summary>
/// Re-encodes a clip's first video stream as H.264 (libx264, yuv420p, no audio) at a chosen CRF, optionally downscaled,
/// blurred or at another frame rate (<see cref="VideoEdit"/>), as a platform re-encode would: training augments clips
/// with it so compression cannot stand in for the label, and evaluation measures what it does to the score.
/// </summary>
public sealed class VideoTranscoder(FfmpegTools tools)
{
    /// <summary>
    /// Writes <paramref name="inputPath"/> re-encoded at <paramref name="crf"/> (0..51; 23 is libx264's default) to
    /// <paramref name="outputPath"/>. An odd width or height loses its last column or row (yuv420p needs even sides;
    /// cropping keeps the pixel grid, scaling would not). The file appears only when complete.
    /// </summary>
    public Task TranscodeAsync(string inputPath, string outputPath, int crf, CancellationToken cancellation = default) =>
        TranscodeAsync(inputPath, outputPath, new VideoEdit(crf), cancellation);

    /// <summary>
    /// Writes <paramref name="inputPath"/> through <paramref name="edit"/> to <paramref name="outputPath"/>; each pass is
    /// one ffmpeg run, intermediate passes live beside the output under hidden names and are removed.
    /// </summary>
    public async Task TranscodeAsync(string inputPath, string outputPath, VideoEdit edit, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(edit.Crf);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(edit.Crf, 51);
        ArgumentOutOfRangeException.ThrowIfLessThan(edit.Passes, 1);
        var input = Path.GetFullPath(inputPath);
        if (!File.Exists(input))
        {
            throw new MediaException(MediaErrorKind.UnreadableMedia, $"{input}: no such file.");
        }

        var output = Path.GetFullPath(outputPath);
        var partials = Enumerable.Range(0, edit.Passes)
            .Select(_ => Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.partial")).ToArray();
        try
        {
            var source = input;
            foreach (var (partial, pass) in partials.Select((p, i) => (p, i)))
            {
                // Scaling, blur and frame rate happen once; later passes only re-encode what the first one made.
                string[] args =
                [
                    "-nostdin", "-nostats", "-hide_banner", "-loglevel", "error", "-y",
                    .. InputPolicy.Options, "-i", source,
                    "-map", "0:v:0", "-an", "-vf", Filters(pass == 0 ? edit : new VideoEdit(edit.Crf)),
                    "-c:v", "libx264", "-preset", "veryfast", "-crf", edit.Crf.ToString(CultureInfo.InvariantCulture), "-pix_fmt", "yuv420p",
                    .. OutputOptions(edit),
                    "-f", "mp4", partial,
                ];
                // Errors name the caller's input even on a later pass: the intermediate file is ours, not theirs.
                await ToolRun.RunAsync(tools, tools.FfmpegPath, args, input, MediaErrorKind.UnreadableMedia, writesInput: false,
                    (_, _) => Task.FromResult(true), cancellation).ConfigureAwait(false);
                source = partial;
            }

            File.Move(partials[^1], output, overwrite: true);
        }
        finally
        {
            foreach (var partial in partials.Where(File.Exists))
            {
                File.Delete(partial);
            }
        }
    }

    private static IEnumerable<string> OutputOptions(VideoEdit edit)
    {
        if (edit.MaxDurationSeconds is { } seconds)
        {
            yield return "-t";
            yield return seconds.ToString("0.###", CultureInfo.InvariantCulture);
        }

        if (edit.Reproducible)
        {
            // x264's frame threads make the bitstream depend on timing; the muxer's bitexact leaves out its version tag.
            foreach (var option in new[] { "-threads", "1", "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-movflags", "+faststart" })
            {
                yield return option;
            }
        }
    }

    private static string Filters(VideoEdit edit)
    {
        var filters = new List<string>();
        if (edit.Reframe is { } reframe)
        {
            // Centred crop, then an area-averaging resize to the exact size with square pixels.
            filters.Add(FormattableString.Invariant(
                $"crop={reframe.Crop.Width}:{reframe.Crop.Height},scale={reframe.Output.Width}:{reframe.Output.Height}:flags=area,setsar=1"));
        }

        if (edit.MaxHeight is { } height)
        {
            filters.Add(FormattableString.Invariant($"scale=-2:'min(ih,{height})'"));
        }

        if (edit.BlurSigma is { } sigma)
        {
            filters.Add(FormattableString.Invariant($"gblur=sigma={sigma}"));
        }

        if (edit.FramesPerSecond is { } fps)
        {
            filters.Add(FormattableString.Invariant($"fps={fps}"));
        }

        // Last, so whatever came before still ends on even sides for yuv420p.
        filters.Add("crop=trunc(iw/2)*2:trunc(ih/2)*2");
        return string.Join(',', filters);
    }
}
