using Verifier.Detector.Model;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Training;
using Verifier.Detector.Tests.Support;
using Verifier.Generator.Adversarial;
using Verifier.Generator.Generation;
using Verifier.Generator.Tests.Support;
using Verifier.Generator.Training;
using static TorchSharp.torch;

namespace Verifier.Generator.Tests;

/// <summary>
/// The generator's adversarial term does what it is for: a few fine-tuning steps with it lower a frozen detector's mean
/// logit on the clips the generator then samples, against the same steps without it from the same seed; the detector
/// itself is left exactly as it was.
/// </summary>
[TestClass]
public sealed class AdversarialFineTunerTests
{
    private static readonly ClipSet Clips = new(
        [TinyGenerator.Clip(5, 32), TinyGenerator.Clip(5, 32, shift: 3), TinyGenerator.Clip(5, 32, shift: 9)], [0, 1, null]);

    [TestMethod]
    public void TheAdversarialTermLowersTheFrozenDetectorsLogitOnSampledClips()
    {
        var card = Card(16);
        using var folder = new TempFolder();
        using var trainer = TrainedDetector(card, folder.Path);
        var detector = trainer.Net;
        var before = Snapshot(detector);

        var without = MeanLogitAfterFineTune(detector, card, lambda: 0);
        var with = MeanLogitAfterFineTune(detector, card, lambda: 100);

        Assert.IsTrue(with < without - 0.01, $"mean logit with the adversarial term {with:0.0000}, without {without:0.0000}");
        foreach (var (name, value) in detector.state_dict())
        {
            Assert.IsTrue(value.allclose(before[name], rtol: 0, atol: 0), $"the frozen detector's {name} changed");
        }

        Assert.IsTrue(detector.parameters().All(p => p.requires_grad), "the detector's parameters are left trainable again");
    }

    [TestMethod]
    public void DetectorTilesCutTheSameGridAsTrainingTiles()
    {
        var card = Card(16);
        using var video = VideoTensors.FromFrames(TinyGenerator.Clip(5, 32, shift: 2)).unsqueeze(0);

        using var tiles = DetectorInput.Tiles(video, card);
        var bytes = DetectorInput.TrainingTiles(video[0], 16, isAi: true, "f", "s");

        Assert.AreEqual(20L, tiles.shape[0]);
        Assert.AreEqual(20, bytes.Count);

        // Tile 7 = frame 1, grid row 1, column 1: its (0, 0) pixel is the frame's (16, 16); channel 0 normalised (x/255 - 0.5) / 0.25.
        var frame = TinyGenerator.Clip(5, 32, shift: 2)[1];
        var expected = ((frame.Rgb[((16 * 32) + 16) * 3] / 255.0) - 0.5) / 0.25;
        Assert.AreEqual(expected, tiles[7, 0, 0, 0].item<float>(), 1e-4);
        Assert.AreEqual(frame.Rgb[((16 * 32) + 16) * 3], bytes[7].Rgb[0]);
        Assert.AreEqual(frame.Rgb[((31 * 32) + 31) * 3 + 2], bytes[7].Rgb[^1]);
    }

    /// <summary>A tiny detector trained a few epochs on the clips (real) vs the untuned generator's samples (AI): one with something to fool.</summary>
    private static DetectorTrainer TrainedDetector(ModelCard card, string folder)
    {
        using var generator = TinyGenerator.Random(4);
        var fakes = GeneratorFakes.Sample(new VideoGenerator(generator, CPU), count: 3, seed: 7, steps: 4);
        var real = GeneratorFakes.Tiles(Enumerable.Range(0, Clips.Count).Select(i => Clips.Batch([i])[0]), 16, isAi: false, "real");
        var trainer = new DetectorTrainer(new TrainingOptions { Epochs = 6, BatchSize = 16, Device = "cpu", Seed = 3, Net = DetectorNetOptions.Tiny(16) }, card, folder);
        trainer.Fit([.. real, .. GeneratorFakes.Tiles(fakes, 16, isAi: true, "fake")]);
        fakes.ForEach(f => f.Dispose());
        return trainer;
    }

    private static double MeanLogitAfterFineTune(DetectorNet detector, ModelCard card, double lambda)
    {
        using var generator = TinyGenerator.Random(4);
        var options = new AdversarialOptions { GeneratorSteps = 10, GeneratorBatchSize = 3, GeneratorLearningRate = 3e-3, SamplingSteps = 4, Lambda = lambda, Seed = 2 };
        var losses = new AdversarialFineTuner(generator, detector, card, options, CPU).Fit(Clips, round: 1);
        Assert.AreEqual(10, losses.Flow.Count);
        Assert.IsTrue(losses.Flow.Concat(losses.Adversarial).All(float.IsFinite));

        var fakes = GeneratorFakes.Sample(new VideoGenerator(generator, CPU), count: 6, seed: 7, steps: 4);
        var (_, meanLogit) = GeneratorFakes.Judge(detector, card, fakes, CPU);
        fakes.ForEach(f => f.Dispose());
        return meanLogit;
    }

    private static Dictionary<string, Tensor> Snapshot(DetectorNet detector) =>
        detector.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());

    private static ModelCard Card(int tile) => new("t", "1", ModelCard.LayoutNchw, 3, tile, 1, DetectorTraining.InputNormalisation,
        new Calibration(1), new DecisionThresholds(0.5, 0.6), [], []);
}
