using Verifier.Detector.Scoring;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Tests.Support;
using Verifier.Detector.Training.Training;

namespace Verifier.Detector.Training.Tests.Training;

/// <summary>
/// The whole flow on a tiny real/ + ai/ corpus of PNG files (two families per label): it trains, holds a family of
/// each label out, and writes a model + card that the scanner's DetectorModel loads and that agrees with TorchSharp.
/// </summary>
[TestClass]
public sealed class DetectorTrainingTests
{
    private const int Tile = 16;

    [TestMethod]
    public async Task TrainsHoldsOutFamiliesAndWritesAScannableModel()
    {
        using var temp = new TempFolder();
        var random = new Random(8);
        foreach (var (folder, upsampled) in new[] { ("real/camA", false), ("real/camB", false), ("ai/genA", true), ("ai/genB", true) })
        {
            Directory.CreateDirectory(temp.File(folder));
            for (var n = 0; n < 3; n++)
            {
                Pictures.WritePng(SyntheticTiles.Frame(48, 40, random, upsampled), temp.File($"{folder}/{n}.png"));
            }
        }

        var progress = new List<string>();
        var request = new TrainRequest([temp.Path], temp.File("models/tiny"))
        {
            Training = new TrainingOptions { Epochs = 4, BatchSize = 16, LearningRate = 3e-3, Seed = 3, Device = "cpu", Net = DetectorNetOptions.Tiny(Tile) },
            Sampling = new TileSampling(TilesPerImage: 8),
            Augmentation = AugmentationOptions.None,
            ValidationFraction = 0.5,
            Command = "verifier train detector --net tiny",
        };

        var report = await DetectorTraining.RunAsync(request, new SynchronousProgress(progress));

        Assert.AreEqual(temp.File("models/tiny.onnx"), report.ModelPath);
        Assert.AreEqual(6 * 8, report.TrainTiles);
        Assert.AreEqual(6 * 8, report.ValidationTiles);
        Assert.IsEmpty(report.Skipped);
        CollectionAssert.AreEquivalent(new[] { true, false }, report.HeldOutFamilies.Select(f => f.IsAi).ToArray(), "one family of each label held out");
        Assert.IsLessThan(report.Losses.Take(3).Average(), report.Losses.TakeLast(3).Average(), "the loss did not fall");
        Assert.IsLessThanOrEqualTo(1e-4, report.ParityMaxDifference);
        Assert.IsTrue(progress.Any(line => line.StartsWith("epoch 4/4", StringComparison.Ordinal)), string.Join("\n", progress));
        Assert.IsTrue(Directory.Exists(temp.File("models/tiny.checkpoint")));

        using var model = DetectorModel.Load(report.ModelPath);
        Assert.AreEqual("tiny", model.Card.Name);
        Assert.AreEqual(Tile, model.Card.TileSize);
        Assert.AreEqual(report.Card.Calibration.Temperature, model.Card.Calibration.Temperature);
        Assert.IsLessThan(model.Card.Thresholds.AiAtLeast, model.Card.Thresholds.RealAtMost);
        var heldOutAi = model.Card.HeldOutFamilies.Single(f => f.Name is "genA" or "genB");
        Assert.IsTrue(heldOutAi.Figures.ContainsKey("auc"));
        Assert.HasCount(1, model.Card.TrainingFamilies.Where(f => f.Name is "genA" or "genB"));

        // The card says how it was made: plain folders carry no licence column, so the 6 training files are "unknown".
        Assert.AreEqual("verifier train detector --net tiny", model.Card.Training?.Command);
        Assert.IsNull(model.Card.Training?.Backbone);
        CollectionAssert.AreEquivalent(new[] { KeyValuePair.Create("unknown", 6) }, model.Card.Training!.DataLicences.ToArray());
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; the test wants every line, in order, before it looks.</summary>
    private sealed class SynchronousProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
