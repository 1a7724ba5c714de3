using Verifier.Detector.Reports;
using Verifier.Detector.Scanning;
using Verifier.Detector.Tests.Support;
using Verifier.Media;
using Verifier.Provenance.Certificates;

namespace Verifier.Detector.Tests.Scanning;

/// <summary>Still images: one frame at native resolution, the temporal layout as T copies, and provenance kept apart from p_ai.</summary>
[TestClass]
public sealed class ScanImageTests
{
    private const int Tile = 32;

    [TestMethod]
    public async Task PngTilesStraddlingTwoColoursScoreTheirMixture()
    {
        using var folder = new TempFolder();

        // 96x64: columns 0..47 red, 48..95 green; the middle column of tiles (x 32..63) is half of each.
        var png = Ffmpeg.Still(folder.File("halves.png"),
            "color=c=0xFF0000:s=48x64[a];color=c=0x00FF00:s=48x64[b];[a][b]hstack,format=rgb24");
        using var model = ColourModel.Load(folder, Tile);

        var outcome = await new Scanner(model, tools: null, new ScanOptions()).ScanAsync(png);
        var report = outcome.Report;

        Assert.AreEqual(MediaTypes.Image, report.MediaType);
        Assert.AreEqual((96, 64, "png", 0.0), (report.Media.Width, report.Media.Height, report.Media.Codec, report.Media.DurationSeconds));
        Assert.IsEmpty(report.Segments);
        Assert.HasCount(1, report.Frames);
        double[] ColourAt(int x, int y) => x < 48 ? ColourModel.Red : ColourModel.Green;
        var tileLogits = new List<double>();
        foreach (var tile in report.Frames[0].Tiles)
        {
            var logit = ColourModel.TileLogit(ColourAt, tile.X, tile.Y, Tile);
            tileLogits.Add(logit);
            Assert.AreEqual(ColourModel.Probability(logit), tile.ProbabilityOfAi, 1e-4, $"tile at {tile.X},{tile.Y}");
        }

        Assert.HasCount(6, tileLogits);
        var expected = ColourModel.Probability(tileLogits.Average());
        Assert.AreEqual(expected, report.Frames[0].ProbabilityOfAi, 1e-4);
        Assert.AreEqual(expected, report.ProbabilityOfAi, 1e-4);
        Assert.AreEqual(ColourModel.Verdict(expected), report.Verdict);
        Assert.HasCount(1, outcome.Pictures);
        Assert.IsEmpty(report.Notes);
    }

    /// <summary>An AVIF (which Skia cannot read) is one still decoded by libheif, not a one-frame clip through ffmpeg.</summary>
    [TestMethod]
    public async Task AnAvifIsScannedAsOneStill()
    {
        using var folder = new TempFolder();
        var avif = Ffmpeg.Still(folder.File("red.avif"), "color=c=0xFF0000:s=96x64,format=yuv444p");
        using var model = ColourModel.Load(folder, Tile);

        var report = (await new Scanner(model, tools: null, new ScanOptions()).ScanAsync(avif)).Report;

        Assert.AreEqual(MediaTypes.Image, report.MediaType);
        Assert.AreEqual((96, 64, "avif"), (report.Media.Width, report.Media.Height, report.Media.Codec));
        Assert.HasCount(1, report.Frames);
        Assert.HasCount(6, report.Frames[0].Tiles);
        // AV1 is lossy: the tiles score as red, within what its colour error moves the logit.
        Assert.AreEqual(ColourModel.Probability(ColourModel.TileLogit((_, _) => ColourModel.Red, 0, 0, Tile)), report.ProbabilityOfAi, 0.05);
    }

    /// <summary>Heavy JPEG is where the detector fails (robustness grid): such a still's report says so; a light one's does not.</summary>
    [TestMethod]
    public async Task AHeavilyCompressedJpegIsNoted()
    {
        using var folder = new TempFolder();
        var png = Ffmpeg.Still(folder.File("source.png"), "testsrc2=s=96x64,format=rgb24");
        var (heavy, light) = (folder.File("q40.jpg"), folder.File("q85.jpg"));
        ImageTranscoder.ToJpeg(png, heavy, 40);
        ImageTranscoder.ToJpeg(png, light, 85);
        using var model = ColourModel.Load(folder, Tile);
        var scanner = new Scanner(model, null, new ScanOptions());

        var note = (await scanner.ScanAsync(heavy)).Report.Notes.Single();
        StringAssert.StartsWith(note, "saved at JPEG quality about 40:");
        Assert.IsEmpty((await scanner.ScanAsync(light)).Report.Notes);
    }

    [TestMethod]
    public async Task ImageSmallerThanATileIsScaledUpToOneAndNoted()
    {
        using var folder = new TempFolder();
        var png = Ffmpeg.Still(folder.File("small.png"), "color=c=0xFF0000:s=10x12[a];color=c=0x0000FF:s=10x12[b];[a][b]hstack,format=rgb24");
        using var model = ColourModel.Load(folder, Tile);

        var report = (await new Scanner(model, null, new ScanOptions()).ScanAsync(png)).Report;

        var tile = report.Frames[0].Tiles.Single();
        Assert.AreEqual((0, 0, 20, 12), (tile.X, tile.Y, tile.Width, tile.Height), "the whole frame, in its own pixels");

        // Nearest-neighbour upscaling of 20 columns to 32 gives 16 red and 16 blue columns.
        Assert.AreEqual(ColourModel.Probability(ColourModel.Logit([127.5, 0, 127.5])), tile.ProbabilityOfAi, 1e-4);
        Assert.HasCount(1, report.Notes);
        StringAssert.Contains(report.Notes[0], "20x12");
    }

    [TestMethod]
    public async Task TemporalModelSeesAnImageAsCopiesOfItself()
    {
        using var folder = new TempFolder();
        var png = Ffmpeg.Still(folder.File("green.png"), "color=c=0x00FF00:s=64x32,format=rgb24");
        using var model = ColourModel.Load(folder, Tile, framesPerSample: 3);

        var report = (await new Scanner(model, null, new ScanOptions()).ScanAsync(png)).Report;

        Assert.HasCount(2, report.Frames[0].Tiles);
        Assert.AreEqual(ColourModel.Probability(ColourModel.Logit(ColourModel.Green)), report.ProbabilityOfAi, 1e-4);
        Assert.AreEqual("real", report.Verdict);
    }

    [TestMethod]
    public async Task SignedAiImageIsTrustedWithItsSourceTypeAndTheScoreIgnoresIt()
    {
        using var folder = new TempFolder();
        var signed = Path.Combine(Verifier.Cli.Tests.Support.RepoRoot.Samples, "signed", "ai-generated.jpg");
        var trust = TrustSettingsLoader.FromPemFiles(Path.Combine(Verifier.Cli.Tests.Support.RepoRoot.Samples, "root.pem"));
        using var model = ColourModel.Load(folder, Tile);

        var trusted = (await new Scanner(model, null, new ScanOptions { Trust = trust }).ScanAsync(signed)).Report;
        var untrusted = (await new Scanner(model, null, new ScanOptions()).ScanAsync(signed)).Report;

        Assert.AreEqual("Trusted", trusted.Provenance.ValidationState);
        CollectionAssert.Contains(trusted.Provenance.DigitalSourceTypes.ToList(), "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia");
        Assert.IsNotNull(trusted.Provenance.Signer?.CommonName);
        Assert.IsNotNull(trusted.Provenance.ActiveManifest);
        Assert.IsEmpty(trusted.Provenance.Failure);
        Assert.AreEqual("Valid", untrusted.Provenance.ValidationState, "the same signature without the anchor");

        // The model's score is the same whatever the provenance says.
        Assert.AreEqual(untrusted.ProbabilityOfAi, trusted.ProbabilityOfAi);
        CollectionAssert.AreEqual(
            untrusted.Frames[0].Tiles.Select(t => t.ProbabilityOfAi).ToArray(), trusted.Frames[0].Tiles.Select(t => t.ProbabilityOfAi).ToArray());
    }
}
