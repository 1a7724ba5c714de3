using System.Diagnostics;
using Verifier.Media.Tests.Support;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Media.Tests;

/// <summary>Single keyframes decoded by one ffmpeg must be exactly what one ffmpeg per run gives, or refused as a group.</summary>
[TestClass]
[DoNotParallelize] // They assert that no ffmpeg child of this process is left, which a parallel test could break.
public sealed class GroupedKeyframeDecodeTests
{
    private static readonly FfmpegTools Tools = FfmpegTools.Locate();

    private static readonly Lazy<string> Clip = new(MakeClip);

    [TestMethod]
    public async Task GroupedKeyframesAreTheSameFramesWithTheSameRunsAsOneFfmpegPerRun()
    {
        var clip = await new Ffprobe(Tools).ProbeAsync(Clip.Value);
        Assert.HasCount(8, clip.KeyframeTimes, "a keyframe every 5 frames of the 40");

        // Eight single keyframes (two groups of four) around a run of 3 that starts off a keyframe (always its own
        // ffmpeg), and a "keyframe" past the end, where both ways land on the last keyframe.
        var keys = clip.KeyframeTimes;
        SampleRun[] plan =
        [
            new(keys[0], 1, true), new(keys[1], 1, true), new(keys[2], 1, true), new(1.25, 3, false), new(keys[3], 1, true),
            new(keys[4], 1, true), new(keys[5], 1, true), new(keys[6], 1, true), new(keys[7], 1, true), new(60, 1, true),
        ];
        var size = new FrameSize(48, 32);

        var grouped = await DecodeAsync(new VideoDecoder(Tools, groupKeyframes: true), clip, plan, size);
        var single = await DecodeAsync(new VideoDecoder(Tools), clip, plan, size);

        Assert.HasCount(12, single);
        Assert.HasCount(single.Count, grouped);
        foreach (var (a, b) in single.Zip(grouped))
        {
            Assert.AreEqual((a.Run, a.Index), (b.Run, b.Index));
            Assert.AreEqual(a.Time, b.Time, 1e-9, $"run {a.Run}");
            CollectionAssert.AreEqual(a.Rgb, b.Rgb, $"run {a.Run} frame {a.Index}: the same pixels");
        }

        // testsrc2 moves, so keyframes half a second apart differ: a swapped order would not go unseen.
        Assert.IsFalse(grouped[0].Rgb.SequenceEqual(grouped[1].Rgb));
        Assert.IsEmpty(ChildProcesses.FfmpegChildren());
    }

    [TestMethod]
    public async Task AGroupThatFailsIsRefusedAsAGroupWhileOneFfmpegPerRunNamesTheProblem()
    {
        // A file that is no clip at all, as the probe would have described a clip: every input of the group fails.
        var garbage = Path.Combine(Oracle.TempDir(), "garbage.mp4");
        await File.WriteAllBytesAsync(garbage, new byte[4096]);
        var clip = new ProbeResult(garbage, 4, 10, 48, 32, "h264", 0, false, [0, 0.5, 1, 1.5, 2]);
        SampleRun[] plan = [.. clip.KeyframeTimes.Select(t => new SampleRun(t, 1, true))];
        var size = new FrameSize(16, 16);

        var refused = await Assert.ThrowsAsync<KeyframeGroupException>(
            () => DecodeAsync(new VideoDecoder(Tools, groupKeyframes: true), clip, plan, size));
        StringAssert.Contains(refused.Message, "decoding 5 keyframes in one ffmpeg failed");
        StringAssert.Contains(refused.Message, garbage);

        var single = await Assert.ThrowsAsync<MediaException>(() => DecodeAsync(new VideoDecoder(Tools), clip, plan, size));
        Assert.AreEqual(MediaErrorKind.UnreadableMedia, single.Kind);
        Assert.IsEmpty(ChildProcesses.FfmpegChildren());
    }

    private static async Task<List<Decoded>> DecodeAsync(VideoDecoder decoder, ProbeResult clip, SampleRun[] plan, FrameSize size)
    {
        var frames = new System.Collections.Concurrent.ConcurrentBag<Decoded>();
        await decoder.DecodeEachAsync(clip, plan, size, (f, _) =>
        {
            frames.Add(new Decoded(f.Run, f.IndexInRun, f.Frame.TimeSeconds, f.Frame.Rgb.ToArray()));
            return ValueTask.CompletedTask;
        });
        return [.. frames.OrderBy(f => f.Run).ThenBy(f => f.Index)];
    }

    /// <summary>4 s of testsrc2 at 10 fps with a keyframe every 5 frames (0, 0.5, ... 3.5 s), no scene-cut keyframes.</summary>
    private static string MakeClip()
    {
        var path = Path.Combine(Oracle.TempDir(), "keyframes.mp4");
        using var make = Process.Start("ffmpeg", [
            "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=48x32:rate=10:duration=4",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "5", "-keyint_min", "5", "-sc_threshold", "0", "-pix_fmt", "yuv420p", path,
        ])!;
        make.WaitForExit();
        Assert.AreEqual(0, make.ExitCode, "ffmpeg made the test clip");
        return path;
    }

    private sealed record Decoded(int Run, int Index, double Time, byte[] Rgb);
}
