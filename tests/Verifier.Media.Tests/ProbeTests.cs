using Verifier.Media.Tests.Support;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Media.Tests;

[TestClass]
public sealed class ProbeTests
{
    private static readonly Ffprobe Probe = new(FfmpegTools.Locate());

    [TestMethod]
    public async Task ProbeReadsSizeRateDurationCodecAndKeyframesOfASilentClip()
    {
        var clip = await Probe.ProbeAsync(MediaFiles.Cat);

        Assert.AreEqual(368, clip.Width);
        Assert.AreEqual(480, clip.Height);
        Assert.AreEqual(20.0, clip.FramesPerSecond, 1e-9);
        Assert.AreEqual(4.35, clip.DurationSeconds, 1e-6);
        Assert.AreEqual("h264", clip.Codec);
        Assert.AreEqual(0, clip.RotationDegrees);
        Assert.IsFalse(clip.HasAudio);
        CollectionAssert.AreEqual(new[] { 0.0 }, clip.KeyframeTimes.ToArray());
    }

    [TestMethod]
    public async Task ProbeSeesAudioAndGivesKeyframeTimesRelativeToTheClipStart()
    {
        var clip = await Probe.ProbeAsync(MediaFiles.Hamilton);

        Assert.AreEqual(640, clip.Width);
        Assert.AreEqual(360, clip.Height);
        Assert.AreEqual(29.97, clip.FramesPerSecond, 1e-6); // avg_frame_rate 2997/100
        Assert.AreEqual(10.008, clip.DurationSeconds, 1e-6);
        Assert.IsTrue(clip.HasAudio);

        // Video keyframe packets at 0.852019, 2.854021, ... while the file starts at 0.008005 (its audio).
        Assert.HasCount(6, clip.KeyframeTimes);
        Assert.AreEqual(0.852019 - 0.008005, clip.KeyframeTimes[0], 1e-6);
        Assert.AreEqual(9.894394 - 0.008005, clip.KeyframeTimes[5], 1e-6);
    }

    [TestMethod]
    public async Task ProbeReportsRotationAndTheSizeFramesComeOutIn()
    {
        var rotated = Path.Combine(Oracle.TempDir(), "rotated.mp4");
        await RunFfmpeg("-i", MediaFiles.Cat, "-t", "1", "-c", "copy", "-metadata:s:v:0", "rotate=90", rotated);

        var clip = await Probe.ProbeAsync(rotated);

        Assert.AreEqual(90, clip.RotationDegrees);
        Assert.AreEqual(new FrameSize(480, 368), clip.DisplaySize);
    }

    [TestMethod]
    public async Task ProbeReadsAGifAsAClip()
    {
        var clip = await Probe.ProbeAsync(MediaFiles.Data("real/video/davis_car_turn_gif.gif"));

        Assert.AreEqual("gif", clip.Codec);
        Assert.AreEqual(new FrameSize(400, 400), clip.DisplaySize);
        Assert.AreEqual(1.62, clip.DurationSeconds, 0.01);
    }

    private static async Task RunFfmpeg(params string[] args)
    {
        using var process = System.Diagnostics.Process.Start("ffmpeg", ["-v", "error", "-y", .. args])!;
        await process.WaitForExitAsync();
        Assert.AreEqual(0, process.ExitCode, "ffmpeg made the test input");
    }
}
