using System.Globalization;

namespace Verifier.Media;

/// <summary>
/// Decodes sampled frames with ffmpeg doing the seeking and scaling: one ffmpeg per <see cref="SampleRun"/>, a few at once
/// (<c>-ss</c> before <c>-i</c>), raw RGB24 read frame by frame from its stdout. With <paramref name="groupKeyframes"/>,
/// the plan's single frames at keyframes (most of a long clip's plan) share one ffmpeg instead: starting a process costs
/// more than decoding one keyframe. A group that fails or comes short throws <see cref="KeyframeGroupException"/>.
/// </summary>
public sealed class VideoDecoder(FfmpegTools tools, bool groupKeyframes = false)
{
    /// <summary>Fewer single keyframes than this go one ffmpeg each: a group saves nothing on two or three.</summary>
    private const int MinGroup = 4;

    /// <summary>
    /// Decodes every run of <paramref name="plan"/> at <paramref name="size"/>. A run that reaches past the clip's end yields
    /// the frames that exist. Frame times are the run's start plus the frame index over the clip's frame rate (ffmpeg
    /// delivers the first frame at or after the start, so off a keyframe a time can be early by up to one frame).
    /// </summary>
    public async Task<IReadOnlyList<Frame>> DecodeAsync(
        ProbeResult clip, IReadOnlyList<SampleRun> plan, FrameSize size, CancellationToken cancellation = default)
    {
        var decoded = new List<Frame>[plan.Count];
        for (var i = 0; i < decoded.Length; i++)
        {
            decoded[i] = [];
        }

        // Each run's list is only touched by that run's reader, so no lock is needed; results keep the plan's order.
        await DecodeRunsAsync(clip, plan, size, reuseBuffers: false, (frame, _) =>
        {
            decoded[frame.Run].Add(frame.Frame);
            return ValueTask.CompletedTask;
        }, cancellation).ConfigureAwait(false);
        return [.. decoded.SelectMany(frames => frames)];
    }

    /// <summary>
    /// Decodes like <see cref="DecodeAsync"/> but hands each frame to <paramref name="onFrame"/> as soon as it is read and
    /// keeps none, so a caller that reduces frames (tiles, a small picture) holds a few frames at a time, not the whole plan.
    /// Runs are decoded a few at once, so <paramref name="onFrame"/> is called concurrently for different runs; within one
    /// run frames arrive in order, and the next is not read before the callback for the previous one has finished.
    /// Each run reads into one buffer, so a frame's pixels are only valid during its callback: copy what you keep.
    /// </summary>
    public Task DecodeEachAsync(
        ProbeResult clip,
        IReadOnlyList<SampleRun> plan,
        FrameSize size,
        Func<RunFrame, CancellationToken, ValueTask> onFrame,
        CancellationToken cancellation = default) =>
        DecodeRunsAsync(clip, plan, size, reuseBuffers: true, onFrame, cancellation);

    private async Task DecodeRunsAsync(
        ProbeResult clip,
        IReadOnlyList<SampleRun> plan,
        FrameSize size,
        bool reuseBuffers,
        Func<RunFrame, CancellationToken, ValueTask> onFrame,
        CancellationToken cancellation)
    {
        if (size.Width is <= 0 or > Frame.MaxSide || size.Height is <= 0 or > Frame.MaxSide)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"each side must be 1..{Frame.MaxSide}");
        }

        foreach (var run in plan)
        {
            if (run.FrameCount <= 0 || !double.IsFinite(run.StartSeconds) || run.StartSeconds < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(plan), run, "a run needs a start >= 0 and at least one frame");
            }
        }

        // ffmpeg's start-up and seek dominate a short run, so runs go a few at a time, the groups (the longest jobs) first.
        // A group decodes its keyframes one after another, so a long one is split to keep every slot busy. Reused buffers
        // pass from a finished job to the next, so a streaming decode holds one frame buffer per job in flight whatever
        // the plan's length.
        var parallelism = Math.Clamp(Environment.ProcessorCount, 2, 4);
        var single = groupKeyframes ? Enumerable.Range(0, plan.Count).Where(i => plan[i] is { AtKeyframe: true, FrameCount: 1 }).ToArray() : [];
        var groups = single.Length < MinGroup ? 0 : Math.Clamp(single.Length / MinGroup, 1, parallelism);
        var jobs = Enumerable.Range(0, groups)
            .Select(g => new DecodeJob([.. single.Where((_, i) => i % groups == g)], Grouped: true))
            .Concat(Enumerable.Range(0, plan.Count).Except(groups > 0 ? single : []).Select(i => new DecodeJob([i], Grouped: false)))
            .ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation };
        var buffers = new System.Collections.Concurrent.ConcurrentBag<byte[]>();
        await Parallel.ForEachAsync(jobs, options, async (job, token) =>
        {
            var buffer = !reuseBuffers ? null : buffers.TryTake(out var free) ? free : new byte[Frame.ByteCount(size.Width, size.Height)];
            if (job.Grouped)
            {
                await DecodeGroupAsync(clip, job.Runs, plan, size, buffer, onFrame, token).ConfigureAwait(false);
            }
            else
            {
                await DecodeRunAsync(clip, job.Runs[0], plan[job.Runs[0]], size, buffer, onFrame, token).ConfigureAwait(false);
            }

            if (buffer is not null)
            {
                buffers.Add(buffer);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Single keyframes of several runs from one ffmpeg: an input per run (seeked straight to its keyframe, read for little
    /// more than a frame), each trimmed to its first frame and concatenated in run order. Each input gives at most one
    /// frame, so when all of them come the order says whose each is; when one does not, nothing can be trusted.
    /// </summary>
    private async Task DecodeGroupAsync(
        ProbeResult clip,
        int[] runs,
        IReadOnlyList<SampleRun> plan,
        FrameSize size,
        byte[]? sharedBuffer,
        Func<RunFrame, CancellationToken, ValueTask> onFrame,
        CancellationToken cancellation)
    {
        var frameTime = clip.FramesPerSecond > 0 ? 1 / clip.FramesPerSecond : 0;
        var path = Path.GetFullPath(clip.Path);
        List<string> args = ["-nostdin", "-hide_banner", "-loglevel", "error"];
        var graph = new System.Text.StringBuilder();
        for (var i = 0; i < runs.Length; i++)
        {
            args.AddRange([
                "-threads", "1", "-noaccurate_seek",
                "-ss", Seconds(plan[runs[i]].StartSeconds + (frameTime / 4)),
                "-t", Seconds(Math.Max(frameTime, 0.001) * 1.5),
                .. InputPolicy.Options,
                "-i", path,
            ]);
            graph.Append(CultureInfo.InvariantCulture, $"[{i}:v:0]trim=end_frame=1,setpts=PTS-STARTPTS[v{i}];");
        }

        for (var i = 0; i < runs.Length; i++)
        {
            graph.Append(CultureInfo.InvariantCulture, $"[v{i}]");
        }

        graph.Append(CultureInfo.InvariantCulture, $"concat=n={runs.Length}:v=1:a=0,scale={size.Width}:{size.Height}:flags=bilinear[out]");
        args.AddRange(["-filter_complex", graph.ToString(), "-map", "[out]", "-vsync", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]);

        int count;
        try
        {
            count = await ReadFramesAsync(
                path, args, size, runs.Length, sharedBuffer,
                (index, rgb, token) => onFrame(new RunFrame(runs[index], 0, new Frame(size.Width, size.Height, rgb, plan[runs[index]].StartSeconds)), token),
                cancellation).ConfigureAwait(false);
        }
        catch (MediaException e) when (e.Kind == MediaErrorKind.UnreadableMedia)
        {
            throw new KeyframeGroupException($"{path}: decoding {runs.Length} keyframes in one ffmpeg failed: {e.Message}", e);
        }

        if (count < runs.Length)
        {
            throw new KeyframeGroupException($"{path}: one ffmpeg gave {count} of {runs.Length} keyframes");
        }
    }

    private Task<int> DecodeRunAsync(
        ProbeResult clip,
        int runIndex,
        SampleRun run,
        FrameSize size,
        byte[]? sharedBuffer,
        Func<RunFrame, CancellationToken, ValueTask> onFrame,
        CancellationToken cancellation)
    {
        var frameTime = clip.FramesPerSecond > 0 ? 1 / clip.FramesPerSecond : 0;

        // A full path can never be read as an option or a protocol ("-x.mp4", "http:...").
        var path = Path.GetFullPath(clip.Path);

        // At a keyframe, seek without trimming: ffmpeg lands on that keyframe (asked for a quarter frame past it, so rounding
        // of the printed time cannot send it to the keyframe before). Elsewhere, accurate seeking decodes from the keyframe
        // before and drops frames up to the time asked for.
        List<string> args = ["-nostdin", "-hide_banner", "-loglevel", "error"];
        if (run.AtKeyframe)
        {
            args.Add("-noaccurate_seek");
        }

        var seek = run.AtKeyframe ? run.StartSeconds + (frameTime / 4) : run.StartSeconds;

        // One decoding thread per ffmpeg: runs already go several at once, and a frame-threaded decoder buffers a frame
        // per thread before the first comes out, which a run of one frame pays in full.
        args.AddRange([
            "-threads", "1",
            "-ss", Seconds(seek),
            .. InputPolicy.Options,
            "-i", path,
            "-map", "0:v:0",
            "-frames:v", run.FrameCount.ToString(CultureInfo.InvariantCulture),

            // Each decoded frame once: by default ffmpeg repeats frames to fill a variable-rate clip's gaps.
            "-vsync", "passthrough",
            "-vf", $"scale={size.Width}:{size.Height}:flags=bilinear",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1",
        ]);

        return ReadFramesAsync(
            path, args, size, run.FrameCount, sharedBuffer,
            (index, rgb, token) => onFrame(new RunFrame(runIndex, index, new Frame(size.Width, size.Height, rgb, run.StartSeconds + (index * frameTime))), token),
            cancellation);
    }

    /// <summary>Runs ffmpeg and hands over up to <paramref name="most"/> raw RGB24 frames from its stdout; returns how many came.</summary>
    private Task<int> ReadFramesAsync(
        string path,
        List<string> args,
        FrameSize size,
        int most,
        byte[]? sharedBuffer,
        Func<int, byte[], CancellationToken, ValueTask> onFrame,
        CancellationToken cancellation) =>
        ToolRun.RunAsync(
            tools,
            tools.FfmpegPath,
            args,
            path,
            MediaErrorKind.UnreadableMedia,
            writesInput: false,
            async (process, token) =>
            {
                var count = 0;
                var length = Frame.ByteCount(size.Width, size.Height);
                while (count < most)
                {
                    // A 4K frame is 25 MB: a streaming caller's frames share the job's buffer, keeping the large-object heap calm.
                    var rgb = sharedBuffer ?? new byte[length];
                    var read = await process.Output.ReadAtLeastAsync(rgb, length, throwOnEndOfStream: false, token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    if (read < length)
                    {
                        throw ToolRun.Failure(MediaErrorKind.UnreadableMedia, process, path, $"a frame was cut short ({read} of {length} bytes)");
                    }

                    await onFrame(count, rgb, token).ConfigureAwait(false);
                    count++;
                }

                return count;
            },
            cancellation);

    private static string Seconds(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>Runs decoded by one ffmpeg: a group of single keyframes, or one run.</summary>
    private sealed record DecodeJob(int[] Runs, bool Grouped);
}
