using System.Diagnostics;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Tests.Support;
using Verifier.Media;

namespace Verifier.Detector.Training.Tests.Data;

/// <summary>Images and clips decoded through Verifier.Media become tiles; broken files are skipped by name; the seed fixes the tiles.</summary>
[TestClass]
public sealed class TileSetBuilderTests
{
    private const int Tile = 32;

    [TestMethod]
    public async Task ImagesAndClipsGiveTheirTileCountsAndBrokenFilesAreNamed()
    {
        using var temp = new TempFolder();
        var png = temp.File("still.png");
        Pictures.WritePng(Pictures.Gradient(80, 64), png);
        var clip = temp.File("clip.mp4");
        Ffmpeg("-f", "lavfi", "-i", "testsrc=size=96x64:rate=10:duration=2", "-pix_fmt", "yuv420p", clip);
        var broken = temp.File("broken.png");
        File.WriteAllBytes(broken, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        CorpusItem[] items =
        [
            new(png, false, "image", "cam", ""), new(clip, true, "video", "gen", ""), new(broken, true, "image", "gen", ""),
        ];

        var set = await Build(items, AugmentationOptions.None, seed: 1);

        Assert.AreEqual(3, set.Tiles.Count(t => t.SourcePath == png), "3 tiles per image");
        Assert.AreEqual(4 * 2, set.Tiles.Count(t => t.SourcePath == clip), "4 frames x 2 tiles per clip");
        Assert.IsTrue(set.Tiles.All(t => t.Rgb.Length == Tile * Tile * 3));
        Assert.IsTrue(set.Tiles.Where(t => t.SourcePath == clip).All(t => t.IsAi && t.Family == "gen"));
        StringAssert.Contains(set.Skipped.Single(), broken);

        // A tile of the lossless PNG is a crop of its known pixels: R = x and G = y step by one.
        var still = set.Tiles.First(t => t.SourcePath == png).Rgb;
        Assert.AreEqual(still[0] + 1, still[3]);
        Assert.AreEqual(still[1] + 1, still[(Tile * 3) + 1]);
    }

    [TestMethod]
    public async Task TheSeedFixesEveryTileAndItsDegradation()
    {
        using var temp = new TempFolder();
        var png = temp.File("still.png");
        Pictures.WritePng(Pictures.Gradient(120, 90), png);
        CorpusItem[] items = [new(png, true, "image", "gen", "")];
        var augmentation = new AugmentationOptions();

        var a = await Build(items, augmentation, seed: 9);
        var b = await Build(items, augmentation, seed: 9);
        var c = await Build(items, augmentation, seed: 10);

        CollectionAssert.AreEqual(a.Tiles.SelectMany(t => t.Rgb).ToArray(), b.Tiles.SelectMany(t => t.Rgb).ToArray());
        CollectionAssert.AreNotEqual(a.Tiles.SelectMany(t => t.Rgb).ToArray(), c.Tiles.SelectMany(t => t.Rgb).ToArray());
    }

    [TestMethod]
    public async Task ClipsReencodedAsH264GiveDegradedTilesAndLeaveNoTemporaryFile()
    {
        using var temp = new TempFolder();
        var clip = temp.File("clip.mp4");
        // Pixel noise everywhere: detail that does not depend on where a tile lands, and that CRF 40 must smooth away.
        Ffmpeg("-f", "lavfi", "-i", "color=c=gray:s=96x64:r=10:d=2,noise=alls=60:allf=t", "-c:v", "libx264", "-crf", "0", "-pix_fmt", "yuv444p", clip);
        CorpusItem[] items = [new(clip, true, "video", "gen", "")];
        // A private scratch folder: other test hosts re-encode into the shared temp folder at the same time.
        var scratch = Directory.CreateDirectory(temp.File("scratch")).FullName;

        var plain = await Build(items, AugmentationOptions.None, seed: 2);
        var reencoded = await Build(items, AugmentationOptions.None with { H264Probability = 1, MinCrf = 40, MaxCrf = 40 }, seed: 2, scratch);

        Assert.HasCount(plain.Tiles.Count, reencoded.Tiles);
        Assert.IsEmpty(reencoded.Skipped);
        Assert.IsLessThan(0.7 * Detail(plain.Tiles), Detail(reencoded.Tiles), "CRF 40 should smooth the noise");
        Assert.IsEmpty(Directory.GetFiles(scratch), "a re-encoded temporary clip was left behind");
    }

    /// <summary>Mean absolute difference between horizontal neighbours over all tiles.</summary>
    private static double Detail(IReadOnlyList<TrainingTile> tiles) =>
        tiles.Average(t => Enumerable.Range(0, (Tile * Tile * 3) - 3).Where(i => (i / 3) % Tile != Tile - 1).Average(i => Math.Abs(t.Rgb[i] - t.Rgb[i + 3])));

    private static Task<TileSet> Build(IReadOnlyList<CorpusItem> items, AugmentationOptions augmentation, int seed, string? scratch = null) =>
        new TileSetBuilder(FfmpegTools.Locate(), new TileCutter(Tile, augmentation), new TileSampling(TilesPerImage: 3, FramesPerVideo: 4, TilesPerFrame: 2), augmentation)
        {
            ScratchFolder = scratch ?? Path.GetTempPath(),
        }.BuildAsync(items, seed);

    private static void Ffmpeg(params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg", ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", .. args]) { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, errors);
    }
}
