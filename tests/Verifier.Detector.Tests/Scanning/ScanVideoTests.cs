using Verifier.Detector.Reports;
using Verifier.Detector.Scanning;
using Verifier.Detector.Tests.Support;
using Verifier.Media;

namespace Verifier.Detector.Tests.Scanning;

/// <summary>
/// Scanning clips made by ffmpeg with known colours (lossless, so pixels are exact), scored by the mean-colour model: every
/// tile, frame, second and the file's p_ai must match what <see cref="ColourModel"/> predicts from those colours.
/// </summary>
[TestClass]
public sealed class ScanVideoTests
{
    private const int Tile = 32;

    [TestMethod]
    public async Task SplitClipScoresEachTileByItsHalf()
    {
        using var folder = new TempFolder();
        var clip = Ffmpeg.LosslessClip(folder.File("split.mp4"),
            "color=c=0xFF0000:s=64x64:r=10:d=2[a];color=c=0x0000FF:s=64x64:r=10:d=2[b];[a][b]hstack,format=rgb24");
        using var model = ColourModel.Load(folder, Tile);
        var options = new ScanOptions { SpreadFrames = 4, RunCount = 1, RunLength = 2 };

        var outcome = await new Scanner(model, FfmpegTools.Locate(), options).ScanAsync(clip);
        var report = outcome.Report;

        Assert.AreEqual(MediaTypes.Video, report.MediaType);
        Assert.AreEqual((128, 64, "h264"), (report.Media.Width, report.Media.Height, report.Media.Codec));
        Assert.AreEqual(2.0, report.Media.DurationSeconds, 0.05);
        Assert.AreEqual(4 + 2, report.Frames.Count, "four spread frames and a run of two");
        var red = ColourModel.Logit(ColourModel.Red);
        var blue = ColourModel.Logit(ColourModel.Blue);
        foreach (var frame in report.Frames)
        {
            // 128x64 holds 4x2 whole tiles of 32; x < 64 is red.
            Assert.HasCount(8, frame.Tiles);
            foreach (var tile in frame.Tiles)
            {
                Assert.AreEqual((Tile, Tile), (tile.Width, tile.Height));
                var expected = ColourModel.Probability(tile.X < 64 ? red : blue);
                Assert.AreEqual(expected, tile.ProbabilityOfAi, 1e-4, $"tile at {tile.X},{tile.Y} of frame {frame.TimeSeconds}");
            }

            Assert.AreEqual(ColourModel.Probability((red + blue) / 2), frame.ProbabilityOfAi, 1e-4);
        }

        var expectedFile = ColourModel.Probability((red + blue) / 2);
        Assert.AreEqual(expectedFile, report.ProbabilityOfAi, 1e-4);
        Assert.AreEqual(ColourModel.Verdict(expectedFile), report.Verdict);
        Assert.AreEqual(2, report.Segments.Count, "seconds 0 and 1");
    }

    [TestMethod]
    [DataRow(20, 3)]
    [DataRow(48, 8)]
    [DataRow(2, 1)]
    public async Task TheClipsTileBudgetSetsTilesPerFrame(int budget, int perFrame)
    {
        using var folder = new TempFolder();
        var clip = Ffmpeg.LosslessClip(folder.File("budget.mp4"),
            "color=c=0xFF0000:s=64x64:r=10:d=2[a];color=c=0x0000FF:s=64x64:r=10:d=2[b];[a][b]hstack,format=rgb24");
        using var model = ColourModel.Load(folder, Tile);

        // Six frames planned; 128x64 holds 8 tiles, so the budget over six frames (at least one each) decides.
        var options = new ScanOptions { SpreadFrames = 4, RunCount = 1, RunLength = 2, MaxTilesPerClip = budget };
        var report = (await new Scanner(model, FfmpegTools.Locate(), options).ScanAsync(clip)).Report;

        Assert.HasCount(6, report.Frames);
        Assert.IsTrue(report.Frames.All(f => f.Tiles.Count == perFrame), $"{perFrame} tiles in every frame");
        Assert.IsTrue(report.Frames.Sum(f => f.Tiles.Count) <= Math.Max(budget, 6), "within the budget, or one a frame");
    }

    [TestMethod]
    public async Task ColourChangingEverySecondShowsInSegmentsAndTheFileScore()
    {
        using var folder = new TempFolder();
        var clip = Ffmpeg.LosslessClip(folder.File("seconds.mp4"),
            "color=c=0xFF0000:s=64x64:r=10:d=1[a];color=c=0x00FF00:s=64x64:r=10:d=1[b];color=c=0x0000FF:s=64x64:r=10:d=1[c];"
            + "[a][b][c]concat=n=3:v=1:a=0,format=rgb24");
        using var model = ColourModel.Load(folder, Tile);

        // Six spread frames over 3 s sit at 0.25, 0.75, ... (a quarter second from every boundary).
        var outcome = await new Scanner(model, FfmpegTools.Locate(), new ScanOptions { SpreadFrames = 6, RunCount = 0 }).ScanAsync(clip);
        var report = outcome.Report;

        double[][] colours = [ColourModel.Red, ColourModel.Green, ColourModel.Blue];
        Assert.HasCount(6, report.Frames);
        var frameLogits = new List<double>();
        foreach (var frame in report.Frames)
        {
            var logit = ColourModel.Logit(colours[(int)frame.TimeSeconds]);
            frameLogits.Add(logit);
            Assert.AreEqual(ColourModel.Probability(logit), frame.ProbabilityOfAi, 1e-4, $"frame at {frame.TimeSeconds}");
        }

        Assert.HasCount(3, report.Segments);
        for (var s = 0; s < 3; s++)
        {
            Assert.AreEqual((double)s, report.Segments[s].StartSeconds);
            Assert.AreEqual(s + 1.0, report.Segments[s].EndSeconds, 0.05);
            Assert.AreEqual(ColourModel.Probability(ColourModel.Logit(colours[s])), report.Segments[s].ProbabilityOfAi, 1e-4, $"second {s}");
        }

        // Red is AI, green real, blue inconclusive for this model; the file is the mean of all frame logits.
        CollectionAssert.AreEqual(new[] { "ai", "real", "inconclusive" }, report.Segments.Select(s => ColourModel.Verdict(s.ProbabilityOfAi)).ToArray());
        var expectedFile = ColourModel.Probability(frameLogits.Average());
        Assert.AreEqual(expectedFile, report.ProbabilityOfAi, 1e-4);
        Assert.AreEqual(ColourModel.Verdict(expectedFile), report.Verdict);

        // One picture per run (each spread frame is a run of one), at the frames' times, never scaled up.
        CollectionAssert.AreEqual(report.Frames.Select(f => f.TimeSeconds).ToArray(), outcome.Pictures.Select(p => p.TimeSeconds).ToArray());
        Assert.IsTrue(outcome.Pictures.All(p => p is { Width: 64, Height: 64, Scale: 1.0 } && p.Jpeg[0] == 0xFF && p.Jpeg[1] == 0xD8));
    }

    [TestMethod]
    public async Task TemporalModelSamplesConsecutiveFramesOfARun()
    {
        using var folder = new TempFolder();

        // Even frames red, odd frames blue: a two-frame sample always sees one of each.
        var clip = Ffmpeg.LosslessClip(folder.File("alternating.mp4"),
            "color=c=0xFF0000:s=64x64:r=10:d=2,format=gbrp,geq=r='255*(1-mod(N\\,2))':g='0':b='255*mod(N\\,2)',format=rgb24");
        using var model = ColourModel.Load(folder, Tile, framesPerSample: 2);

        var options = new ScanOptions { SpreadFrames = 1, RunCount = 1, RunLength = 4 };
        var report = (await new Scanner(model, FfmpegTools.Locate(), options).ScanAsync(clip)).Report;

        // Two runs of four frames: two windows of two frames each.
        Assert.HasCount(4, report.Frames);
        var mixed = ColourModel.Probability(ColourModel.Logit([127.5, 0, 127.5]));
        foreach (var frame in report.Frames)
        {
            Assert.HasCount(4, frame.Tiles);
            Assert.AreEqual(mixed, frame.ProbabilityOfAi, 1e-4, $"window at {frame.TimeSeconds}");
        }

        Assert.AreEqual(mixed, report.ProbabilityOfAi, 1e-4);
    }

    [TestMethod]
    public async Task AnAnimatedGifIsScannedAsAClip()
    {
        using var folder = new TempFolder();
        using var model = ColourModel.Load(folder, Tile);
        // A palette made from the frames keeps red and green exact.
        var gif = Ffmpeg.Animation(folder.File("anim.gif"),
            "color=c=0xFF0000:s=64x64:r=10:d=1[a];color=c=0x00FF00:s=64x64:r=10:d=1[b];[a][b]concat=n=2:v=1:a=0,format=rgb24,"
            + "split[s0][s1];[s0]palettegen[p];[s1][p]paletteuse");
        var report = (await new Scanner(model, FfmpegTools.Locate(), new ScanOptions { SpreadFrames = 4, RunCount = 0 }).ScanAsync(gif)).Report;

        Assert.AreEqual(MediaTypes.Video, report.MediaType);
        Assert.AreEqual("gif", report.Media.Codec);
        Assert.HasCount(2, report.Segments);

        Assert.AreEqual(ColourModel.Probability(ColourModel.Logit(ColourModel.Red)), report.Segments[0].ProbabilityOfAi, 1e-4);
        Assert.AreEqual(ColourModel.Probability(ColourModel.Logit(ColourModel.Green)), report.Segments[1].ProbabilityOfAi, 1e-4);
    }

    [TestMethod]
    public async Task ReportCarriesHashModelToolAndTimings()
    {
        using var folder = new TempFolder();
        var clip = Ffmpeg.LosslessClip(folder.File("grey.mp4"), "color=c=0x808080:s=64x64:r=10:d=1,format=rgb24");
        using var model = ColourModel.Load(folder, Tile);

        var report = (await new Scanner(model, FfmpegTools.Locate(), new ScanOptions()).ScanAsync(clip)).Report;

        Assert.AreEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(clip))), report.Sha256);
        Assert.AreEqual(clip, report.File);
        Assert.AreEqual(("tiny-test-detector", "0.0.1", model.Sha256), (report.Model.Name, report.Model.Version, report.Model.Sha256));
        Assert.AreEqual("verifier", report.Tool.Name);
        StringAssert.StartsWith(report.Tool.Version, "0.1.0");
        Assert.AreEqual("NoManifest", report.Provenance.ValidationState);
        Assert.IsTrue(report.TimingMs > 0);
        foreach (var stage in new[] { "probe", "decode", "score", "provenance", "sha256" })
        {
            Assert.IsTrue(report.StagesMs.ContainsKey(stage), $"stage {stage}");
        }

        Assert.IsLessThan(TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow - report.AnalyzedAt);
        var json = ScanReportJson.Serialize(report);
        Assert.AreEqual(report.ProbabilityOfAi, ScanReportJson.Deserialize(json).ProbabilityOfAi);
    }
}
