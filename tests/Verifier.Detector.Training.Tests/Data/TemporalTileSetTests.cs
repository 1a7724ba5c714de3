using Verifier.Detector.Tests.Support;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Tests.Support;
using Verifier.Media;

namespace Verifier.Detector.Training.Tests.Data;

/// <summary>
/// Samples for a net of T frames: T consecutive frames of a clip's runs, T copies of an image's tile; and the frame-rate
/// change of the clip re-encode, read back with ffprobe.
/// </summary>
[TestClass]
public sealed class TemporalTileSetTests
{
    private const int Tile = 32;
    private const int Frames = 4;

    [TestMethod]
    public async Task ClipSamplesAreConsecutiveFramesAndImageSamplesRepeatOneTile()
    {
        using var temp = new TempFolder();
        // Flat grey that brightens by 4 luma levels a frame: a sample's frames are consecutive when its tiles step by that.
        var clip = temp.File("ramp.mp4");
        Ffmpeg.LosslessClip(clip, "color=c=black:s=96x64:r=10:d=2,format=yuv444p,geq=lum='40+4*N':cb=128:cr=128,format=rgb24");
        var png = temp.File("still.png");
        Pictures.WritePng(Pictures.Gradient(80, 64), png);
        CorpusItem[] items = [new(clip, true, "video", "gen", ""), new(png, false, "image", "cam", "")];
        var sampling = new TileSampling(TilesPerImage: 2, FramesPerVideo: 3, TilesPerFrame: 2, FramesPerSample: Frames);

        var set = await new TileSetBuilder(FfmpegTools.Locate(), new TileCutter(Tile, AugmentationOptions.None), sampling, AugmentationOptions.None)
            .BuildAsync(items, seed: 1);

        Assert.IsEmpty(set.Skipped);
        Assert.IsTrue(set.Tiles.All(t => t.Rgb.Length == Frames * Tile * Tile * 3));
        var clipSamples = set.Tiles.Where(t => t.SourcePath == clip).ToArray();
        Assert.HasCount(3 * 2, clipSamples, "3 runs x 2 samples");
        foreach (var sample in clipSamples)
        {
            var means = Enumerable.Range(0, Frames).Select(t => FrameMean(sample, t)).ToArray();
            for (var t = 1; t < Frames; t++)
            {
                // 4 limited-range luma levels are 4 x 255 / 219 = 4.7 RGB levels.
                Assert.IsInRange(3.5, 6.0, means[t] - means[t - 1], $"frame means {string.Join(", ", means)}");
            }
        }

        foreach (var sample in set.Tiles.Where(t => t.SourcePath == png))
        {
            var plane = Tile * Tile * 3;
            for (var t = 1; t < Frames; t++)
            {
                CollectionAssert.AreEqual(sample.Rgb[..plane], sample.Rgb[(t * plane)..((t + 1) * plane)], "an image is T copies of one tile");
            }
        }
    }

    [TestMethod]
    public async Task TheReencodeChangesTheFrameRateToOneOfTheSetAndLeavesNoFile()
    {
        using var temp = new TempFolder();
        var clip = temp.File("clip.mp4");
        Ffmpeg.Animation(clip, "testsrc=size=64x48:rate=25:duration=2,format=yuv420p");
        var augmentation = AugmentationOptions.None with { H264Probability = 1, MinCrf = 23, MaxCrf = 23, FrameRateProbability = 1 };
        var tools = FfmpegTools.Locate();
        var reencoder = new ClipReencoder(tools, augmentation);

        for (var seed = 0; seed < 3; seed++)
        {
            string path;
            using (var reencoded = await reencoder.DrawAsync(clip, new Random(seed)))
            {
                Assert.IsNotNull(reencoded);
                var fps = reencoded.Edit.FramesPerSecond!.Value;
                CollectionAssert.Contains(new[] { 12.0, 15, 24, 30 }, fps, "a 25 fps clip may go to any other rate of the set up to 31.25");
                var probe = await new Ffprobe(tools).ProbeAsync(reencoded.Path);
                Assert.AreEqual(fps, probe.FramesPerSecond, 0.01, reencoded.Description);
                var decoded = await new VideoDecoder(tools).DecodeAsync(probe, [new SampleRun(0, 200, AtKeyframe: true)], probe.DisplaySize);
                Assert.AreEqual(2 * fps, decoded.Count, 1, "two seconds of frames at the new rate");
                path = reencoded.Path;
            }

            Assert.IsFalse(File.Exists(path), "disposing the re-encode deletes it");
        }
    }

    [TestMethod]
    public void NewRatesStayWithinTheAllowedIncreaseOfTheSource()
    {
        var reencoder = new ClipReencoder(FfmpegTools.Locate(), new AugmentationOptions());

        CollectionAssert.AreEqual(new[] { 15.0 }, reencoder.FrameRateChoices(12).ToArray());
        CollectionAssert.AreEqual(new[] { 12.0, 15, 24, 25, 30 }, reencoder.FrameRateChoices(60).ToArray());
        CollectionAssert.AreEqual(new[] { 12.0, 15, 25, 30 }, reencoder.FrameRateChoices(24).ToArray());
        CollectionAssert.AreEqual(new[] { 12.0 }, reencoder.FrameRateChoices(10).ToArray());
        Assert.IsEmpty(reencoder.FrameRateChoices(0));
    }

    [TestMethod]
    public async Task WithoutARateChangeTheReencodeKeepsTheSourceRate()
    {
        using var temp = new TempFolder();
        var clip = temp.File("clip.mp4");
        Ffmpeg.Animation(clip, "testsrc=size=64x48:rate=25:duration=1,format=yuv420p");
        var tools = FfmpegTools.Locate();

        using var reencoded = await new ClipReencoder(tools, AugmentationOptions.None with { H264Probability = 1 }).DrawAsync(clip, new Random(1));

        Assert.IsNull(reencoded!.Edit.FramesPerSecond);
        Assert.AreEqual(25, (await new Ffprobe(tools).ProbeAsync(reencoded.Path)).FramesPerSecond, 0.01);
        Assert.IsNull(await new ClipReencoder(tools, AugmentationOptions.None).DrawAsync(clip, new Random(1)), "no re-encode drawn");
    }

    [TestMethod]
    public async Task AReencodeDrawnAgainPassesThroughH264SeveralTimesAndLosesMore()
    {
        using var temp = new TempFolder();
        var clip = temp.File("clip.mp4");
        Ffmpeg.Animation(clip, "testsrc=size=64x48:rate=25:duration=1,format=yuv420p");
        var tools = FfmpegTools.Locate();
        var once = AugmentationOptions.None with { H264Probability = 1, MinCrf = 38, MaxCrf = 38 };

        using var single = await new ClipReencoder(tools, once).DrawAsync(clip, new Random(1));
        using var triple = await new ClipReencoder(tools, once with { ReencodeAgainProbability = 1, MaxPasses = 3 }).DrawAsync(clip, new Random(1));

        Assert.AreEqual(1, single!.Edit.Passes);
        Assert.AreEqual(3, triple!.Edit.Passes);
        Assert.AreEqual("H.264 CRF 38, 3 passes", triple.Description);
        var source = await FirstFrameAsync(tools, clip);
        Assert.IsGreaterThan(
            MeanSquaredError(source, await FirstFrameAsync(tools, single.Path)),
            MeanSquaredError(source, await FirstFrameAsync(tools, triple.Path)),
            "each pass at CRF 38 loses more of the source");
    }

    private static async Task<byte[]> FirstFrameAsync(FfmpegTools tools, string path)
    {
        var probe = await new Ffprobe(tools).ProbeAsync(path);
        var frames = await new VideoDecoder(tools).DecodeAsync(probe, [new SampleRun(0, 1, AtKeyframe: true)], probe.DisplaySize);
        return frames[0].Rgb;
    }

    private static double MeanSquaredError(byte[] a, byte[] b) => a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Average();

    /// <summary>Mean of all values of frame <paramref name="t"/> of a sample.</summary>
    private static double FrameMean(TrainingTile sample, int t)
    {
        var plane = Tile * Tile * 3;
        return sample.Rgb.Skip(t * plane).Take(plane).Average(v => (double)v);
    }
}
