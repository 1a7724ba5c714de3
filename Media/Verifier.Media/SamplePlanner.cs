namespace Verifier.Media;

/// <summary>
/// Chooses what to decode from a clip: single frames spread evenly over it plus a few short runs of consecutive frames
/// (temporal cues). A start is moved to a nearby keyframe when one is close, so ffmpeg decodes nothing that is not used.
/// </summary>
public static class SamplePlanner
{
    /// <summary>
    /// Plans <paramref name="spreadFrames"/> single frames and <paramref name="runCount"/> runs of <paramref name="runLength"/>.
    /// A start that would make ffmpeg decode more than <paramref name="maxDecodeLeadSeconds"/> of frames it throws away (from
    /// the keyframe at or before it) is moved to its nearest keyframe even when that is not close: with sparse keyframes
    /// this trades exact spacing for not decoding whole groups of pictures; starts that then coincide merge.
    /// </summary>
    public static IReadOnlyList<SampleRun> Plan(
        ProbeResult clip, int spreadFrames, int runCount, int runLength, double maxDecodeLeadSeconds = double.PositiveInfinity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spreadFrames);
        ArgumentOutOfRangeException.ThrowIfNegative(runCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runLength);
        var duration = clip.DurationSeconds;
        var frameTime = clip.FramesPerSecond > 0 ? 1 / clip.FramesPerSecond : 0;
        if (duration <= 0 || frameTime <= 0)
        {
            // No timing to spread over (a still or a stream without a duration): take the start.
            return [new SampleRun(0, Math.Max(1, runCount > 0 ? runLength : 1), AtKeyframe: false)];
        }

        var wanted = new List<SampleRun>();
        for (var i = 0; i < spreadFrames; i++)
        {
            wanted.Add(Snap(clip, duration * (i + 0.5) / spreadFrames, duration / spreadFrames / 2, 1, maxDecodeLeadSeconds));
        }

        var lastRunStart = Math.Max(0, duration - (runLength * frameTime));
        for (var j = 0; j < runCount; j++)
        {
            var at = Math.Min(lastRunStart, duration * (j + 1) / (runCount + 1));
            wanted.Add(Snap(clip, at, duration / (runCount + 1) / 2, runLength, maxDecodeLeadSeconds));
        }

        return Merge(wanted, frameTime);
    }

    // Keyframe times are sorted (as ffprobe's are), so the nearest is found by binary search even for long clips.
    private static SampleRun Snap(ProbeResult clip, double time, double reach, int frames, double maxLead)
    {
        var keys = clip.KeyframeTimes;
        int lo = 0, hi = keys.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (keys[mid] < time)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        // lo is the first keyframe at or after the time (or the last one); the one before may be nearer.
        var nearest = double.NaN;
        for (var i = Math.Max(0, lo - 1); i <= lo && i < keys.Count; i++)
        {
            if (double.IsNaN(nearest) || Math.Abs(keys[i] - time) < Math.Abs(nearest - time))
            {
                nearest = keys[i];
            }
        }

        // Accurate seeking decodes from the keyframe at or before the time (the clip's start when there is none).
        var lead = double.IsNaN(nearest) ? 0 : time - (keys[lo] <= time ? keys[lo] : lo > 0 ? keys[lo - 1] : 0);
        return !double.IsNaN(nearest) && (Math.Abs(nearest - time) < reach || lead > maxLead)
            ? new SampleRun(nearest, frames, AtKeyframe: true)
            : new SampleRun(time, frames, AtKeyframe: false);
    }

    // Runs that overlap (or start within half a frame of each other) become one run covering both.
    private static List<SampleRun> Merge(List<SampleRun> wanted, double frameTime)
    {
        wanted.Sort((a, b) => a.StartSeconds.CompareTo(b.StartSeconds));
        var merged = new List<SampleRun>();
        foreach (var run in wanted)
        {
            if (merged.Count > 0 && merged[^1] is var last && run.StartSeconds < last.StartSeconds + ((last.FrameCount - 0.5) * frameTime))
            {
                var end = Math.Max(
                    last.StartSeconds + (last.FrameCount * frameTime), run.StartSeconds + (run.FrameCount * frameTime));
                merged[^1] = last with { FrameCount = (int)Math.Round((end - last.StartSeconds) / frameTime) };
            }
            else
            {
                merged.Add(run);
            }
        }

        return merged;
    }
}
