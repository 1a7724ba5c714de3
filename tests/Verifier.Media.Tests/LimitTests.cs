using System.Diagnostics;
using Verifier.Media.Tests.Support;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Media.Tests;

/// <summary>
/// Media's limits on what it decodes: pictures of more than <see cref="Frame.MaxSide"/> pixels a side are refused before
/// any pixel is decoded, and a clip of thousands of frames is sampled, never decoded whole (docs/limits.md).
/// </summary>
[TestClass]
[DoNotParallelize] // They assert that no ffmpeg child of this process is left, which a parallel test could break.
public sealed class LimitTests
{
    private static readonly FfmpegTools Tools = FfmpegTools.Locate();

    [TestMethod]
    public async Task AClipWiderThanTheLimitIsRefusedWhenProbed()
    {
        var path = FfmpegRun.Make("wide.mkv", "-f", "lavfi", "-i", $"color=c=gray:size={Frame.MaxSide + 16}x16", "-frames:v", "1", "-c:v", "ffv1");

        var e = await Assert.ThrowsExactlyAsync<MediaException>(() => new Ffprobe(Tools).ProbeAsync(path));

        Assert.AreEqual(MediaErrorKind.UnreadableMedia, e.Kind);
        Assert.Contains(path, e.Message);
        Assert.Contains($"{Frame.MaxSide + 16}x16; each side must be 1..{Frame.MaxSide}", e.Message);
        Assert.IsEmpty(ChildProcesses.FfmpegChildren());
    }

    [TestMethod]
    public async Task AClipOfTooManyPixelsAFrameIsRefusedWhenProbed()
    {
        // 8192 x 8192 = 67 megapixels: each side within the limit, the frame (200 MB of RGB) not.
        var path = FfmpegRun.Make("square.mkv", "-f", "lavfi", "-i", "color=c=gray:size=8192x8192", "-frames:v", "1", "-c:v", "ffv1");

        var e = await Assert.ThrowsExactlyAsync<MediaException>(() => new Ffprobe(Tools).ProbeAsync(path));

        Assert.AreEqual(MediaErrorKind.UnreadableMedia, e.Kind);
        Assert.Contains(path, e.Message);
        Assert.Contains("8192x8192 (67.1 megapixels a frame); at most 40 megapixels", e.Message);
        Assert.IsEmpty(ChildProcesses.FfmpegChildren());
    }

    /// <summary>A 60-byte PNG whose header claims 100,000 x 100,000 pixels (30 GB decoded): refused from the header alone.</summary>
    [TestMethod]
    public void AnImageClaimingHugeDimensionsIsRefusedBeforeDecoding()
    {
        var path = Path.Combine(Oracle.TempDir(), "huge.png");
        File.WriteAllBytes(path, [
            0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A,
            .. PngFile.Chunk("IHDR", [0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0, 8, 2, 0, 0, 0]),
            .. PngFile.Chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]),
            .. PngFile.Chunk("IEND", []),
        ]);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.ThrowsExactly<MediaException>(() => ImageDecoder.Decode(path));

        Assert.AreEqual(MediaErrorKind.UnreadableMedia, e.Kind);
        Assert.Contains(path, e.Message);
        Assert.Contains($"100000x100000; each side must be 1..{Frame.MaxSide}", e.Message);
        Assert.IsLessThan(1 << 20, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// An animated GIF of 5,000 frames: the scanner's sampling plan (its defaults: 16 spread frames, 4 runs of 8) stays at
    /// 48 frames, and decoding it takes seconds, not a pass over every frame into memory.
    /// </summary>
    [TestMethod]
    public async Task AGifOfThousandsOfFramesIsSampledNotDecodedWhole()
    {
        var path = FfmpegRun.Make("many.gif", "-f", "lavfi", "-i", "testsrc=size=16x16:rate=50", "-t", "100");
        var clip = await new Ffprobe(Tools).ProbeAsync(path);
        Assert.AreEqual(5000, clip.DurationSeconds * clip.FramesPerSecond, 50, $"{clip.DurationSeconds} s at {clip.FramesPerSecond} fps");

        var plan = SamplePlanner.Plan(clip, spreadFrames: 16, runCount: 4, runLength: 8);
        int planned = plan.Sum(r => r.FrameCount);
        Assert.IsLessThanOrEqualTo(16 + (4 * 8), planned);

        var clock = Stopwatch.StartNew();
        var frames = await new VideoDecoder(Tools).DecodeAsync(clip, plan, clip.DisplaySize);

        Assert.AreEqual(planned, frames.Count);
        Assert.IsLessThan(60_000, clock.ElapsedMilliseconds);
        Assert.IsEmpty(ChildProcesses.FfmpegChildren());
        Console.WriteLine($"{clip.DurationSeconds * clip.FramesPerSecond:F0} frames: {plan.Count} runs, {planned} frames decoded in {clock.ElapsedMilliseconds} ms");
    }
}
