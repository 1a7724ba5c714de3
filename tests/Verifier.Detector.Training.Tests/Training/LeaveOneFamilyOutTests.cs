using System.Text.Json;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Net.Pretrained;
using Verifier.Detector.Training.Tests.Support;
using Verifier.Detector.Training.Training;

namespace Verifier.Detector.Training.Tests.Training;

/// <summary>
/// The whole protocol on a tiny real/ + ai/ corpus of PNG files: three AI families of nearest-upsampled noise (a trace
/// the tiny net learns in a few epochs) and three real families of plain noise, three folds. Each held-out AI family
/// must score high against its fold's held-out real files; a re-run resumes after the finished folds and, from the
/// tile cache, gives the same figures.
/// </summary>
[TestClass]
public sealed class LeaveOneFamilyOutTests
{
    private const int Tile = 16;
    private static readonly string[] AiFamilies = ["genA", "genB", "genC"];
    private static readonly string[] RealFamilies = ["camA", "camB", "camC"];

    [TestMethod]
    public void ATileCacheCutForOneFrameCountIsNotReadForAnother()
    {
        using var temp = new TempFolder();
        var oneFrame = Request(temp);
        var fourFrames = oneFrame with { Training = oneFrame.Training with { Net = oneFrame.Training.Net with { Frames = 4 } } };

        // A temporal net's samples are runs of T frames: tiles cut for T = 1 are not its samples.
        Assert.AreNotEqual(LeaveOneFamilyOut.TileSettings(oneFrame), LeaveOneFamilyOut.TileSettings(fourFrames));
        StringAssert.Contains(LeaveOneFamilyOut.TileSettings(fourFrames), "\"FramesPerSample\":4");
    }

    [TestMethod]
    public async Task HeldOutFamiliesScoreHighAndARerunResumesFromTheCache()
    {
        using var temp = new TempFolder();
        MakeCorpus(temp.File("corpus"));
        var request = Request(temp);

        var first = new List<string>();
        var report = await LeaveOneFamilyOut.RunAsync(request, new SynchronousProgress(first));

        Assert.AreEqual(3, report.Folds);
        CollectionAssert.AreEquivalent(AiFamilies, report.Families.Select(f => f.Family).ToArray(), "one row per held-out AI family");
        foreach (var family in report.Families)
        {
            Assert.AreEqual(4, family.Files, family.Family);
            Assert.AreEqual(4, family.RealFiles, family.Family);
            Assert.IsGreaterThanOrEqualTo(0.9, family.Auc, $"{family.Family}: AUC {family.Auc}");
            Assert.IsTrue(family.AucLow <= family.Auc && family.Auc <= family.AucHigh, $"{family.Family}: interval");
        }

        Assert.AreEqual(report.Families.Average(f => f.Auc), report.MeanAuc, 1e-12);
        Assert.IsGreaterThanOrEqualTo(0.9, report.PooledAuc);
        Assert.AreEqual(6 * 4 * 8, report.TotalTiles);
        foreach (var fold in report.FoldResults)
        {
            Assert.HasCount(8, fold.Scores, "4 AI and 4 real held-out files");
            Assert.AreEqual(2 * 4 * 8, fold.TrainTiles, "one family of each label trains, one calibrates");
            Assert.AreEqual(2 * 4 * 8, fold.CalibrationTiles);
            Assert.AreEqual(1, fold.TrainAiFamilies);
            Assert.IsTrue(fold.Baseline is not null || fold.BaselineProblem is not null);
            var heldOutFamilies = fold.Scores.Select(s => s.Family).ToHashSet();
            Assert.IsFalse(fold.CalibrationFamilies.Any(f => heldOutFamilies.Contains(f.Replace("real: ", string.Empty, StringComparison.Ordinal))),
                "calibrated on a held-out family");
        }

        Assert.IsTrue(File.Exists(request.TilesPath));
        using (var json = JsonDocument.Parse(File.ReadAllBytes(temp.File("out/lofo.json"))))
        {
            Assert.AreEqual(report.MeanAuc, json.RootElement.GetProperty("mean_auc").GetDouble(), 1e-12);
            Assert.AreEqual(3, json.RootElement.GetProperty("families").GetArrayLength());
            Assert.AreEqual(report.MeanTprAt1PctFpr, json.RootElement.GetProperty("mean_tpr_at_1pct_fpr").GetDouble(), 1e-12);
        }

        var markdown = File.ReadAllText(temp.File("out/lofo.md"));
        Assert.IsTrue(AiFamilies.All(f => markdown.Contains($"| {f} |", StringComparison.Ordinal)), markdown);
        StringAssert.Contains(markdown, "| 1 | 1 | 8 |", "fold 1's row: one AI family trained on, 8 held-out files");
        Assert.IsFalse(Directory.Exists(temp.File("out/fold-1/checkpoint")), "a finished fold's checkpoint was kept");

        // Fold 3 unfinished: a re-run reads the tiles from the cache, skips folds 1-2 and repeats fold 3 exactly.
        File.Delete(temp.File("out/fold-3/result.json"));
        var second = new List<string>();
        var resumed = await LeaveOneFamilyOut.RunAsync(request, new SynchronousProgress(second));

        Assert.IsTrue(second.Any(l => l.StartsWith("tiles: 192 read from", StringComparison.Ordinal)), string.Join("\n", second));
        Assert.IsFalse(second.Any(l => l.StartsWith("tiles: 24/24", StringComparison.Ordinal)), "the tiles were cut again");
        Assert.IsTrue(second.Any(l => l.StartsWith("fold 1: done before", StringComparison.Ordinal)));
        Assert.IsTrue(second.Any(l => l.StartsWith("fold 2: done before", StringComparison.Ordinal)));
        Assert.IsFalse(second.Any(l => l.StartsWith("fold 1: holding out", StringComparison.Ordinal)), "fold 1 trained again");
        Assert.IsTrue(second.Any(l => l.StartsWith("fold 3: holding out", StringComparison.Ordinal)), "fold 3 did not train again");
        for (var f = 0; f < 3; f++)
        {
            var (a, b) = (report.FoldResults[f].Scores, resumed.FoldResults[f].Scores);
            CollectionAssert.AreEqual(a.Select(s => s.File).ToArray(), b.Select(s => s.File).ToArray());
            for (var i = 0; i < a.Count; i++)
            {
                Assert.AreEqual(a[i].MeanLogit, b[i].MeanLogit, 1e-5, $"fold {f + 1}, {a[i].File}: the seeded run did not repeat");
            }
        }

        // Other settings are refused, not mixed into the same folder.
        var other = request with { Training = request.Training with { Epochs = 2 } };
        await Assert.ThrowsAsync<InvalidDataException>(() => LeaveOneFamilyOut.RunAsync(other));
        var otherTiles = request with { Sampling = new TileSampling(TilesPerImage: 4) };
        StringAssert.Contains((await Assert.ThrowsAsync<InvalidDataException>(() => LeaveOneFamilyOut.RunAsync(otherTiles))).Message, "other settings");
        var fewerGenerators = request with { AiFamilyShare = 0.5 };
        StringAssert.Contains((await Assert.ThrowsAsync<InvalidDataException>(() => LeaveOneFamilyOut.RunAsync(fewerGenerators))).Message, "other settings");
    }

    /// <summary>A probe's frozen features, computed once for the whole run, give every fold the scores it gets computing them itself.</summary>
    [TestMethod]
    public async Task AProbesFeaturesComputedOnceScoreEveryFoldAsComputedPerFold()
    {
        using var temp = new TempFolder();
        MakeCorpus(temp.File("corpus"));
        var request = Request(temp);
        var probe = request with
        {
            Training = request.Training with
            {
                Epochs = 3,
                Net = DetectorNetOptions.Tiny(Tile) with { Backbone = MobileNetV2Backbone.Name, BackboneOnly = true, BackboneFolder = ShippedBackbone.Folder },
            },
        };

        var lines = new List<string>();
        var shared = await LeaveOneFamilyOut.RunAsync(probe, new SynchronousProgress(lines));
        var perFold = await LeaveOneFamilyOut.RunAsync(probe with { OutputFolder = temp.File("per-fold"), ShareTrunkFeatures = false });

        Assert.AreEqual(1, lines.Count(l => l.StartsWith("features: the frozen trunk's, of all 192 tiles once", StringComparison.Ordinal)), string.Join("\n", lines));
        for (var f = 0; f < 3; f++)
        {
            var (a, b) = (shared.FoldResults[f].Scores, perFold.FoldResults[f].Scores);
            CollectionAssert.AreEqual(b.Select(s => s.File).ToArray(), a.Select(s => s.File).ToArray());
            for (var i = 0; i < a.Count; i++)
            {
                Assert.AreEqual(b[i].MeanLogit, a[i].MeanLogit, 1e-4, $"fold {f + 1}, {a[i].File}");
            }
        }

        Assert.AreEqual(perFold.MeanAuc, shared.MeanAuc, 1e-9);
    }

    private static LofoRequest Request(TempFolder temp) => new([temp.File("corpus")], temp.File("out"))
    {
        Training = new TrainingOptions { Epochs = 5, BatchSize = 16, LearningRate = 3e-3, Seed = 3, Device = "cpu", Net = DetectorNetOptions.Tiny(Tile) },
        Sampling = new TileSampling(TilesPerImage: 8),
        Augmentation = AugmentationOptions.None,
        Folds = 3,
        TilesPath = temp.File("tiles.bin"),
        CalibrationFraction = 0.5,
        BootstrapResamples = 200,
    };

    private static void MakeCorpus(string root)
    {
        var random = new Random(11);
        foreach (var (folder, upsampled) in AiFamilies.Select(f => ($"ai/{f}", true)).Concat(RealFamilies.Select(f => ($"real/{f}", false))))
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
            for (var n = 0; n < 4; n++)
            {
                Pictures.WritePng(SyntheticTiles.Frame(48, 40, random, upsampled), Path.Combine(root, folder, $"{n}.png"));
            }
        }
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; the test wants every line, in order, before it looks.</summary>
    private sealed class SynchronousProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
