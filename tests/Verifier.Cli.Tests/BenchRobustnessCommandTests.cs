using System.Text.Json.Nodes;
using Verifier.Cli.Tests.Support;
using Verifier.Detector.Model;
using Verifier.Detector.Tests.Support;
using Verifier.Detector.Training.Export;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Training;

namespace Verifier.Cli.Tests;

/// <summary>
/// <c>verifier bench robustness</c> on a tiny detector net (trained for seconds, exported) and a corpus of two small files (one real, one AI)
/// made by ffmpeg: every attack, eps and condition gets a row, the twin agrees with ONNX Runtime, PGD at the largest eps
/// moves no file the wrong way, and no temporary file is left behind.
/// </summary>
[TestClass]
public sealed class BenchRobustnessCommandTests
{
    private const int Tile = 16;

    [TestMethod]
    public void AttacksBothFilesAndReportsEveryAttackEpsAndCondition()
    {
        using var folder = new TempFolder();
        var (corpus, model) = Setup(folder);
        var leftoversBefore = RobustnessTempFolders();

        var run = new CliRun().Run("bench", "robustness", "--data", corpus, "--model", model, "--files", "2", "--tiles", "2", "--json");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        var report = JsonNode.Parse(run.OutputLines.Single())!;
        Assert.IsLessThan(1e-4, (double)report["twin_max_logit_difference"]!);
        var files = report["files"]!.AsArray();
        CollectionAssert.AreEquivalent(new[] { "real", "ai" }, files.Select(f => (string)f!["label"]!).ToArray());
        foreach (var file in files)
        {
            Assert.AreEqual(2, (int)file!["tiles"]!);
            // 4 clean scores (one per condition) + 2 attacks x 5 eps x 4 conditions.
            Assert.HasCount(44, file["scores"]!.AsArray());
        }

        var rows = report["rows"]!.AsArray();
        Assert.HasCount(40, rows);
        CollectionAssert.AreEquivalent(new[] { "float", "8-bit png", "jpeg q90", "h264 crf 23" },
            rows.Select(r => (string)r!["condition"]!).Distinct().ToArray());
        foreach (var row in rows)
        {
            Assert.AreEqual(2, (int)row!["files"]!);
            foreach (var share in new[] { "share_verdict_changed", "share_reached_target" })
            {
                Assert.IsTrue((double)row[share]! is >= 0 and <= 1, $"{share} {row}");
            }
        }

        // Each file's own PGD result at 8/255, unsaved: never pushed the wrong way, and at least one file moved the way asked
        // (the untrained net's ReLUs may be dead for one file's tiles, leaving its logit with no gradient to follow).
        var moved = 0;
        foreach (var file in files)
        {
            var scores = file!["scores"]!.AsArray();
            var clean = (double)scores.Single(s => (string)s!["attack"]! == "none" && (string)s["condition"]! == "float")!["p_ai"]!;
            var pgd = (double)scores.Single(s => (string)s!["attack"]! == "pgd" && (double)s["epsilon_levels"]! == 8 && (string)s["condition"]! == "float")!["p_ai"]!;
            var toward = (string)file["label"]! == "ai" ? -1 : 1;
            Assert.IsGreaterThanOrEqualTo(0, toward * (pgd - clean), $"{file["file"]}: {clean} -> {pgd}");
            moved += toward * (pgd - clean) > 1e-3 ? 1 : 0;
        }

        Assert.IsGreaterThan(0, moved);

        CollectionAssert.AreEquivalent(leftoversBefore, RobustnessTempFolders(), "the re-encodes' folder is removed");
    }

    [TestMethod]
    public void PrintsTheTableAndRefusesBadCounts()
    {
        using var folder = new TempFolder();
        var (corpus, model) = Setup(folder);

        var run = new CliRun().Run("bench", "robustness", "--data", corpus, "--model", model, "--files", "2", "--tiles", "1");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, "1 real pushed towards ai, 1 ai pushed towards real");
        StringAssert.Contains(run.Output, "h264 crf 23");
        Assert.AreEqual(20, run.OutputLines.Count(l => l.Contains("pgd", StringComparison.Ordinal)), run.Output[..Math.Min(run.Output.Length, 2000)]);

        var zero = new CliRun().Run("bench", "robustness", "--data", corpus, "--model", model, "--files", "0");
        Assert.AreEqual(ExitCodes.Usage, zero.ExitCode);
        StringAssert.Contains(zero.Error, "--files");
    }

    private static (string Corpus, string Model) Setup(TempFolder folder)
    {
        var corpus = Path.Combine(folder.Path, "corpus");
        Directory.CreateDirectory(Path.Combine(corpus, "real", "camA"));
        Directory.CreateDirectory(Path.Combine(corpus, "ai", "genA"));
        Ffmpeg.Still(Path.Combine(corpus, "real", "camA", "noise.png"), "color=c=gray:s=48x40,noise=alls=60:all_seed=3");
        Ffmpeg.Still(Path.Combine(corpus, "ai", "genA", "upsampled.png"), "color=c=gray:s=24x20,noise=alls=60:all_seed=4,scale=48:40:flags=neighbor");

        // The tiny net trained a few seconds to tell noise from 2x-upsampled noise, so its logit responds to the pixels.
        var model = Path.Combine(folder.Path, "tiny.onnx");
        var card = new ModelCard("tiny", "0.0.1", ModelCard.LayoutNchw, 3, Tile, 1, DetectorTraining.InputNormalisation,
            new Calibration(1), new DecisionThresholds(0.45, 0.55), [], []);
        var options = new TrainingOptions { Epochs = 3, BatchSize = 16, LearningRate = 3e-3, Seed = 5, Device = "cpu", Net = DetectorNetOptions.Tiny(Tile) };
        using var trainer = new DetectorTrainer(options, card, Path.Combine(folder.Path, "checkpoint"));
        trainer.Fit(NoiseTiles(new Random(6)));
        DetectorExport.Save(trainer.Net, card, model);
        return (corpus, model);
    }

    private static List<TrainingTile> NoiseTiles(Random random)
    {
        var tiles = new List<TrainingTile>();
        for (var n = 0; n < 32; n++)
        {
            foreach (var upsampled in new[] { false, true })
            {
                var rgb = new byte[Tile * Tile * 3];
                for (var i = 0; i < rgb.Length; i++)
                {
                    // Upsampled tiles repeat each 2x2 block's pixel: copy from the block's top-left (already drawn, row-major).
                    var (y, x, c) = (i / 3 / Tile, i / 3 % Tile, i % 3);
                    rgb[i] = upsampled && (x % 2 == 1 || y % 2 == 1) ? rgb[((((y & ~1) * Tile) + (x & ~1)) * 3) + c] : (byte)random.Next(256);
                }

                tiles.Add(new TrainingTile(rgb, upsampled, upsampled ? "upsampler" : "camera", $"{n}"));
            }
        }

        return tiles;
    }

    private static string[] RobustnessTempFolders() =>
        [.. Directory.EnumerateDirectories(Path.GetTempPath(), "verifier-robustness-*")];
}
