using System.Diagnostics;
using Verifier.Media.Tests.Support;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Media.Tests;

/// <summary>H.264 re-encoding at a chosen CRF (training's platform-like degradation).</summary>
[TestClass]
[DoNotParallelize] // It asserts that no ffmpeg child of this process is left, which a parallel test could break.
public sealed class TranscodeTests
{
    private static readonly FfmpegTools Tools = FfmpegTools.Locate();

    [TestMethod]
    public async Task AHigherCrfGivesASmallerH264FileOfTheEvenCroppedSize()
    {
        var dir = Oracle.TempDir();
        var source = Path.Combine(dir, "source.mkv");
        var start = new ProcessStartInfo("ffmpeg", ["-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=97x63:rate=10:duration=1", "-c:v", "ffv1", source]);
        using (var process = Process.Start(start)!)
        {
            await process.WaitForExitAsync();
            Assert.AreEqual(0, process.ExitCode);
        }

        var (fine, coarse) = (Path.Combine(dir, "crf18.mp4"), Path.Combine(dir, "crf40.mp4"));
        await new VideoTranscoder(Tools).TranscodeAsync(source, fine, 18);
        await new VideoTranscoder(Tools).TranscodeAsync(source, coarse, 40);

        var clip = await new Ffprobe(Tools).ProbeAsync(coarse);
        Assert.AreEqual("h264", clip.Codec);
        Assert.AreEqual(new FrameSize(96, 62), clip.DisplaySize, "odd sides lose their last column and row");
        Assert.IsFalse(clip.HasAudio);
        Assert.IsLessThan(new FileInfo(fine).Length, new FileInfo(coarse).Length);
        Assert.IsEmpty(Directory.GetFiles(dir, "*.partial"), "no partial file left");
        Assert.IsEmpty(ChildProcesses.FfmpegChildren());
    }

    [TestMethod]
    public async Task ABrokenInputIsNamedAndLeavesNoFile()
    {
        var dir = Oracle.TempDir();
        var broken = Path.Combine(dir, "broken.mp4");
        File.WriteAllBytes(broken, [0, 0, 0, 24, (byte)'f', (byte)'t', (byte)'y', (byte)'p', 1, 2, 3]);
        var output = Path.Combine(dir, "out.mp4");

        var error = await Assert.ThrowsExactlyAsync<MediaException>(() => new VideoTranscoder(Tools).TranscodeAsync(broken, output, 23));

        StringAssert.Contains(error.Message, broken);
        CollectionAssert.AreEqual(new[] { "broken.mp4" }, Directory.GetFiles(dir).Select(Path.GetFileName).ToArray());
    }
}
