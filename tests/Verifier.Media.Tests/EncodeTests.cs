using Verifier.Media.Tests.Support;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Media.Tests;

[TestClass]
[DoNotParallelize] // They assert that no ffmpeg child of this process is left, which a parallel test could break.
public sealed class EncodeTests
{
    private static readonly FfmpegTools Tools = FfmpegTools.Locate();

    [TestMethod]
    public async Task EncodedFramesProbeBackAsH264AtTheirSizeRateAndLength()
    {
        var output = Path.Combine(Oracle.TempDir(), "out.mp4");
        var frames = Enumerable.Range(0, 12).Select(i => Solid(64, 48, (byte)(i * 20), 128, (byte)(255 - (i * 20)), i / 12.0));

        await new VideoEncoder(Tools).EncodeAsync(frames, 12, output);

        var clip = await new Ffprobe(Tools).ProbeAsync(output);
        Assert.AreEqual("h264", clip.Codec);
        Assert.AreEqual(new FrameSize(64, 48), clip.DisplaySize);
        Assert.AreEqual(12.0, clip.FramesPerSecond, 1e-9);
        Assert.AreEqual(1.0, clip.DurationSeconds, 0.01);
        Assert.IsFalse(clip.HasAudio);
        CollectionAssert.AreEqual(new[] { "out.mp4" }, Directory.GetFiles(Path.GetDirectoryName(output)!).Select(Path.GetFileName).ToArray(), "no partial file left");

        // The colours survive a lossy round trip closely: frame 6 was RGB (120, 128, 135).
        var back = await new VideoDecoder(Tools).DecodeAsync(clip, [new SampleRun(0.5, 1, false)], new FrameSize(64, 48));
        var rgb = back[0].Rgb;
        Assert.AreEqual(120, rgb[0], 6);
        Assert.AreEqual(128, rgb[1], 6);
        Assert.AreEqual(135, rgb[2], 6);
    }

    [TestMethod]
    public async Task FramesOfMixedSizesAreRefusedAndLeaveNoFile()
    {
        var dir = Oracle.TempDir();
        var output = Path.Combine(dir, "mixed.mp4");
        Frame[] frames = [Solid(16, 16, 0, 0, 0, 0), Solid(32, 16, 0, 0, 0, 0.1)];

        await Assert.ThrowsExactlyAsync<ArgumentException>(() => new VideoEncoder(Tools).EncodeAsync(frames, 10, output));

        Assert.IsEmpty(Directory.GetFiles(dir));
        Assert.IsEmpty(ChildProcesses.FfmpegChildren());
    }

    [TestMethod]
    public async Task AnOutputFfmpegCannotWriteIsAToolFailureQuotingIt()
    {
        var output = Path.Combine(Oracle.TempDir(), "no-such-folder", "out.mp4");
        var frames = Enumerable.Range(0, 50).Select(i => Solid(320, 240, 10, 20, 30, i / 25.0));

        var e = await Assert.ThrowsExactlyAsync<MediaException>(() => new VideoEncoder(Tools).EncodeAsync(frames, 25, output));

        Assert.AreEqual(MediaErrorKind.ToolFailed, e.Kind);
        Assert.Contains(output, e.Message);
        Assert.Contains("No such file or directory", e.Message);
        Assert.IsEmpty(ChildProcesses.FfmpegChildren());
    }

    private static Frame Solid(int width, int height, byte r, byte g, byte b, double time)
    {
        var rgb = new byte[width * height * 3];
        for (var i = 0; i < rgb.Length; i += 3)
        {
            (rgb[i], rgb[i + 1], rgb[i + 2]) = (r, g, b);
        }

        return new Frame(width, height, rgb, time);
    }
}
