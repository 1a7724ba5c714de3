using Verifier.Media.Tests.Support;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Media.Tests;

[TestClass]
[DoNotParallelize] // They assert that no ffmpeg child of this process is left, which a parallel test could break.
public sealed class DecodeTests
{
    private static readonly FfmpegTools Tools = FfmpegTools.Locate();

    [TestMethod]
    public async Task DecodesEachPlannedFrameAtTheAskedSizeAndTime()
    {
        var clip = await new Ffprobe(Tools).ProbeAsync(MediaFiles.Cat);
        SampleRun[] plan = [new(0.5, 1, false), new(2.0, 3, false), new(4.0, 1, false)];

        var frames = await new VideoDecoder(Tools).DecodeAsync(clip, plan, new FrameSize(46, 60));

        Assert.HasCount(5, frames);
        CollectionAssert.AreEqual(new[] { 0.5, 2.0, 2.05, 2.1, 4.0 }, frames.Select(f => Math.Round(f.TimeSeconds, 6)).ToArray());
        foreach (var frame in frames)
        {
            Assert.AreEqual(46, frame.Width);
            Assert.AreEqual(60, frame.Height);
            Assert.AreEqual(46 * 60 * 3, frame.Rgb.Length);
            Assert.IsTrue(frame.Rgb.Distinct().Count() > 16, "a real picture, not a blank buffer");
        }

        // Consecutive frames of a moving scene differ, and the runs 1.5 s apart differ more.
        Assert.IsFalse(frames[1].Rgb.AsSpan().SequenceEqual(frames[2].Rgb));
    }

    [TestMethod]
    public async Task StreamingDecodeHandsEachFrameWithItsRunAndPlaceAndMatchesTheListDecode()
    {
        var clip = await new Ffprobe(Tools).ProbeAsync(MediaFiles.Cat);
        SampleRun[] plan = [new(0.5, 2, false), new(2.0, 3, false)];
        var size = new FrameSize(46, 60);
        var streamed = new System.Collections.Concurrent.ConcurrentQueue<RunFrame>();
        var buffers = new System.Collections.Concurrent.ConcurrentDictionary<byte[], bool>(ReferenceEqualityComparer.Instance);

        // The pixels are only valid during the callback (the run's buffer is reused), so they are copied here.
        await new VideoDecoder(Tools).DecodeEachAsync(clip, plan, size, (frame, _) =>
        {
            var f = frame.Frame;
            buffers.TryAdd(f.Rgb, true);
            streamed.Enqueue(frame with { Frame = new Frame(f.Width, f.Height, [.. f.Rgb], f.TimeSeconds) });
            return ValueTask.CompletedTask;
        });
        var listed = await new VideoDecoder(Tools).DecodeAsync(clip, plan, size);

        var ordered = streamed.OrderBy(f => f.Run).ThenBy(f => f.IndexInRun).ToList();
        Assert.IsLessThanOrEqualTo(plan.Length, buffers.Count, "five frames through at most one buffer per run: none is kept");
        CollectionAssert.AreEqual(new[] { (0, 0), (0, 1), (1, 0), (1, 1), (1, 2) }, ordered.Select(f => (f.Run, f.IndexInRun)).ToArray());
        for (var i = 0; i < listed.Count; i++)
        {
            Assert.AreEqual(listed[i].TimeSeconds, ordered[i].Frame.TimeSeconds, $"frame {i} time");
            Assert.IsTrue(listed[i].Rgb.AsSpan().SequenceEqual(ordered[i].Frame.Rgb), $"frame {i} pixels");
        }

        Assert.IsEmpty(ChildProcesses.FfmpegChildren());
    }

    [TestMethod]
    public async Task SeekingStraightToAKeyframeGivesTheSameFrameAsAccurateSeeking()
    {
        var clip = await new Ffprobe(Tools).ProbeAsync(MediaFiles.Hamilton);
        var key = clip.KeyframeTimes[2];
        var decoder = new VideoDecoder(Tools);
        var size = new FrameSize(64, 36);

        var direct = await decoder.DecodeAsync(clip, [new SampleRun(key, 2, AtKeyframe: true)], size);
        var accurate = await decoder.DecodeAsync(clip, [new SampleRun(key, 2, AtKeyframe: false)], size);

        Assert.HasCount(2, direct);
        Assert.HasCount(2, accurate);
        Assert.IsTrue(direct[0].Rgb.AsSpan().SequenceEqual(accurate[0].Rgb), "the keyframe itself");
        Assert.IsTrue(direct[1].Rgb.AsSpan().SequenceEqual(accurate[1].Rgb), "the frame after it");
    }

    [TestMethod]
    public async Task AVariableRateClipGivesEachDecodedFrameOnceNotRepeats()
    {
        // Frames 0, 1, 5, 6, 10, ... of the 20 fps clip, timestamps kept: uneven gaps that a constant-rate output fills with repeats.
        var gappy = Path.Combine(Oracle.TempDir(), "gappy.mp4");
        using (var make = System.Diagnostics.Process.Start(
            "ffmpeg", ["-v", "error", "-y", "-i", MediaFiles.Cat, "-vf", "select=lt(mod(n\\,5)\\,2)", "-vsync", "vfr", "-c:v", "libx264", "-preset", "ultrafast", gappy])!)
        {
            await make.WaitForExitAsync();
            Assert.AreEqual(0, make.ExitCode, "ffmpeg made the test input");
        }

        var clip = await new Ffprobe(Tools).ProbeAsync(gappy);
        var frames = await new VideoDecoder(Tools).DecodeAsync(clip, [new SampleRun(1.0, 6, false)], new FrameSize(46, 60));

        Assert.HasCount(6, frames);
        for (var i = 1; i < frames.Count; i++)
        {
            Assert.IsFalse(frames[i - 1].Rgb.AsSpan().SequenceEqual(frames[i].Rgb), $"frame {i} repeats frame {i - 1}");
        }
    }

    [TestMethod]
    public async Task AnAnimatedGifDecodesAsAClip()
    {
        // 400x400, 8 fps, 1.62 s (MANIFEST): its frames come through ffmpeg like any clip's.
        var clip = await new Ffprobe(Tools).ProbeAsync(MediaFiles.Data("real/video/davis_car_turn_gif.gif"));

        var frames = await new VideoDecoder(Tools).DecodeAsync(clip, [new SampleRun(0, 4, false)], new FrameSize(40, 40));

        Assert.HasCount(4, frames);
        Assert.IsFalse(frames[0].Rgb.AsSpan().SequenceEqual(frames[3].Rgb), "the animation moves");
    }

    [TestMethod]
    public async Task ARunPastTheEndYieldsTheFramesThatExist()
    {
        var clip = await new Ffprobe(Tools).ProbeAsync(MediaFiles.Cat);

        // 4.35 s at 20 fps: frames at 4.20, 4.25, 4.30 remain from 4.2 s.
        var frames = await new VideoDecoder(Tools).DecodeAsync(clip, [new SampleRun(4.2, 10, false)], new FrameSize(8, 8));

        Assert.HasCount(3, frames);
    }

    [TestMethod]
    public async Task APlannedSampleOfARealClipDecodesEveryPlannedFrame()
    {
        var clip = await new Ffprobe(Tools).ProbeAsync(MediaFiles.Hamilton);
        var plan = SamplePlanner.Plan(clip, spreadFrames: 6, runCount: 2, runLength: 4);

        var frames = await new VideoDecoder(Tools).DecodeAsync(clip, plan, new FrameSize(32, 18));

        Assert.AreEqual(plan.Sum(r => r.FrameCount), frames.Count);
        Assert.AreEqual(0, ChildProcesses.FfmpegChildren().Count);
    }
}
