using System.Globalization;
using System.Text.Json;

namespace Verifier.Media;

/// <summary>Reads a clip's properties with ffprobe's JSON output: streams and format, then the video keyframe times.</summary>
public sealed class Ffprobe(FfmpegTools tools)
{
    // ffprobe's JSON for a very long clip's packet list stays well under this; anything more is hostile or broken.
    private const int MaxJsonBytes = 64 << 20;

    public async Task<ProbeResult> ProbeAsync(string path, CancellationToken cancellation = default)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new MediaException(MediaErrorKind.UnreadableMedia, $"{full}: no such file.");
        }

        // The packet listing runs beside the stream description, so the two ffprobe start-ups overlap.
        using var listing = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var keyframePts = KeyframePtsAsync(full, listing.Token);
        try
        {
            var (clip, start) = await DescribeAsync(full, cancellation).ConfigureAwait(false);
            var keyframes = (await keyframePts.ConfigureAwait(false)).Select(t => Math.Max(0, t - start)).Order().ToList();
            return clip with { KeyframeTimes = keyframes };
        }
        catch
        {
            // Never leave the listing's ffprobe running (or its failure unobserved) behind a failed description.
            await listing.CancelAsync().ConfigureAwait(false);
            await keyframePts.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The first video stream's description (keyframes not yet listed) and the clip's start time.</summary>
    private async Task<(ProbeResult Clip, double Start)> DescribeAsync(string full, CancellationToken cancellation)
    {
        using var info = await RunJsonAsync(full, ["-show_format", "-show_streams"], cancellation).ConfigureAwait(false);
        var root = info.RootElement;
        var streams = root.TryGetProperty("streams", out var s) && s.ValueKind == JsonValueKind.Array ? s : default;
        JsonElement? video = null;
        var hasAudio = false;
        if (streams.ValueKind == JsonValueKind.Array)
        {
            foreach (var stream in streams.EnumerateArray())
            {
                var type = Text(stream, "codec_type");
                if (type == "video" && video is null && !IsAttachedPicture(stream))
                {
                    video = stream;
                }

                hasAudio |= type == "audio";
            }
        }

        if (video is not { } v)
        {
            throw new MediaException(MediaErrorKind.UnreadableMedia, $"{full}: ffprobe found no video stream in it.");
        }

        var width = (int)Number(v, "width");
        var height = (int)Number(v, "height");
        if (width is <= 0 or > Frame.MaxSide || height is <= 0 or > Frame.MaxSide)
        {
            throw new MediaException(
                MediaErrorKind.UnreadableMedia, $"{full}: its video is {width}x{height}; each side must be 1..{Frame.MaxSide}.");
        }

        if ((long)width * height > Frame.MaxVideoPixels)
        {
            throw new MediaException(
                MediaErrorKind.UnreadableMedia,
                $"{full}: its video is {width}x{height} ({(double)width * height / 1e6:0.#} megapixels a frame); at most {Frame.MaxVideoPixels / 1_000_000} megapixels are decoded.");
        }

        var format = root.TryGetProperty("format", out var f) ? f : default;
        var duration = Number(format, "duration") is > 0 and var d ? d : Number(v, "duration") is > 0 and var sd ? sd : 0;
        var fps = Rate(Text(v, "avg_frame_rate")) is > 0 and var avg ? avg : Rate(Text(v, "r_frame_rate"));
        var start = Number(format, "start_time") is var st && double.IsFinite(st) ? st : 0;
        return (new ProbeResult(full, duration, fps, width, height, Text(v, "codec_name") ?? "unknown", Rotation(v), hasAudio, []), start);
    }

    // Packets only (no decoding), so this costs a demux pass; the caller makes the times relative to the clip's start
    // (as -ss expects).
    private async Task<List<double>> KeyframePtsAsync(string path, CancellationToken cancellation)
    {
        using var doc = await RunJsonAsync(
            path, ["-select_streams", "v:0", "-show_entries", "packet=pts_time,flags"], cancellation).ConfigureAwait(false);
        var times = new List<double>();
        if (doc.RootElement.TryGetProperty("packets", out var packets) && packets.ValueKind == JsonValueKind.Array)
        {
            foreach (var packet in packets.EnumerateArray())
            {
                if (Text(packet, "flags") is { } flags && flags.StartsWith('K') && Number(packet, "pts_time") is var t && !double.IsNaN(t))
                {
                    times.Add(t);
                }
            }
        }

        return times;
    }

    private Task<JsonDocument> RunJsonAsync(string path, string[] what, CancellationToken cancellation) =>
        ToolRun.RunAsync(
            tools,
            tools.FfprobePath,
            ["-v", "error", .. InputPolicy.Options, "-print_format", "json", .. what, path],
            path,
            MediaErrorKind.UnreadableMedia,
            writesInput: false,
            async (process, token) =>
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await process.Output.ReadAsync(chunk, token).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > MaxJsonBytes)
                    {
                        throw new MediaException(MediaErrorKind.UnreadableMedia, $"{path}: ffprobe's description exceeds {MaxJsonBytes >> 20} MiB.");
                    }

                    buffer.Write(chunk, 0, read);
                }

                try
                {
                    return JsonDocument.Parse(buffer.ToArray());
                }
                catch (JsonException e)
                {
                    throw new MediaException(MediaErrorKind.UnreadableMedia, $"{path}: ffprobe's output was not JSON ({e.Message}).", e);
                }
            },
            cancellation);

    private static bool IsAttachedPicture(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var d) && Number(d, "attached_pic") == 1;

    // ffprobe 5.x reports a display matrix's rotation in side data; older muxers leave a "rotate" tag.
    private static int Rotation(JsonElement stream)
    {
        var degrees = 0.0;
        if (stream.TryGetProperty("side_data_list", out var side) && side.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in side.EnumerateArray())
            {
                if (Number(item, "rotation") is var r && !double.IsNaN(r))
                {
                    degrees = r;
                }
            }
        }
        else if (stream.TryGetProperty("tags", out var tags) && Number(tags, "rotate") is var tag && !double.IsNaN(tag))
        {
            degrees = tag;
        }

        return (((int)Math.Round(degrees) % 360) + 360) % 360;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    // ffprobe writes most numbers as strings; NaN when absent or unparsable.
    private static double Number(JsonElement element, string name) =>
        double.TryParse(Text(element, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    private static double Rate(string? fraction)
    {
        if (fraction?.Split('/') is [var n, var d]
            && double.TryParse(n, CultureInfo.InvariantCulture, out var num)
            && double.TryParse(d, CultureInfo.InvariantCulture, out var den)
            && den > 0)
        {
            return num / den;
        }

        return 0;
    }
}
