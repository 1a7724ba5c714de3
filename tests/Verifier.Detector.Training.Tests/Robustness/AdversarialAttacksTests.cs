using Verifier.Detector.Model;
using Verifier.Detector.Training.Export;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Robustness;
using Verifier.Detector.Training.Tests.Support;
using Verifier.Detector.Training.Training;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Tests.Robustness;

/// <summary>
/// FGSM and PGD keep their promises element by element (eps-ball, pixel range, nothing at eps 0), and on a tiny trained
/// detector's twin they move the logit the way asked, PGD at least as far as FGSM.
/// </summary>
[TestClass]
public sealed class AdversarialAttacksTests
{
    private const int Tile = 16;

    [TestMethod]
    public void FgsmWithEpsilonZeroChangesNothing()
    {
        using var twin = TrainedTwin(out var tiles);
        using var pixels = Pixels(tiles);
        using var attacked = AdversarialAttacks.Fgsm(p => Objective(twin, p, 1f), pixels, 0);

        CollectionAssert.AreEqual(pixels.data<float>().ToArray(), attacked.data<float>().ToArray());
    }

    [TestMethod]
    public void PgdNeverLeavesTheEpsBallNorThePixelRange()
    {
        using var twin = TrainedTwin(out var tiles);
        // Saturated pixels at both ends, so the range clamp (not only the ball) is exercised.
        using var pixels = Pixels(tiles);
        pixels[0, 0, 0] = zeros(Tile);
        pixels[1, 1, 1] = ones(Tile);
        var clean = pixels.data<float>().ToArray();
        foreach (var levels in new[] { 1.0, 8.0 })
        {
            var epsilon = levels / 255;
            foreach (var direction in new[] { 1f, -1f })
            {
                using var attacked = AdversarialAttacks.Pgd(p => Objective(twin, p, direction), pixels, epsilon, steps: 10, stepSize: epsilon / 4);
                var values = attacked.data<float>().ToArray();
                var moved = 0.0;
                for (var i = 0; i < values.Length; i++)
                {
                    Assert.IsTrue(Math.Abs(values[i] - clean[i]) <= epsilon + 1e-6, $"element {i}: {clean[i]} -> {values[i]} at eps {epsilon}");
                    Assert.IsTrue(values[i] is >= 0f and <= 1f, $"element {i}: {values[i]} left [0, 1]");
                    moved = Math.Max(moved, Math.Abs(values[i] - clean[i]));
                }

                Assert.IsGreaterThan(epsilon * 0.99, moved, "the attack should use its budget somewhere");
                CollectionAssert.AreEqual(clean, pixels.data<float>().ToArray(), "the input is left as it was");
            }
        }
    }

    [TestMethod]
    public void PgdMovesTheLogitTheWayAskedAtLeastAsFarAsFgsm()
    {
        using var twin = TrainedTwin(out var tiles);
        using var pixels = Pixels(tiles);
        var clean = MeanLogit(twin, pixels);
        foreach (var levels in new[] { 1.0, 4.0 })
        {
            var epsilon = levels / 255;
            foreach (var direction in new[] { 1f, -1f })
            {
                using var fgsm = AdversarialAttacks.Fgsm(p => Objective(twin, p, direction), pixels, epsilon);
                using var pgd = AdversarialAttacks.Pgd(p => Objective(twin, p, direction), pixels, epsilon, steps: 10, stepSize: epsilon / 4);
                var fgsmShift = direction * (MeanLogit(twin, fgsm) - clean);
                var pgdShift = direction * (MeanLogit(twin, pgd) - clean);

                Assert.IsGreaterThan(0, fgsmShift, $"FGSM at {levels}/255, direction {direction}");
                Assert.IsGreaterThanOrEqualTo(fgsmShift - 1e-4, pgdShift, $"PGD vs FGSM at {levels}/255, direction {direction}: {pgdShift} vs {fgsmShift}");
            }
        }
    }

    private static Tensor Objective(DetectorTwin twin, Tensor pixels, float direction)
    {
        using var logits = twin.Logits(pixels);
        return (logits * direction).sum();
    }

    private static double MeanLogit(DetectorTwin twin, Tensor pixels)
    {
        using var noGrad = no_grad();
        using var logits = twin.Logits(pixels);
        return logits.mean().item<float>();
    }

    private static Tensor Pixels(IReadOnlyList<Verifier.Detector.Training.Data.TrainingTile> tiles)
    {
        var plane = Tile * Tile;
        var values = new float[tiles.Count * 3 * plane];
        for (var t = 0; t < tiles.Count; t++)
        {
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < 3; c++)
                {
                    values[(t * 3 * plane) + (c * plane) + p] = tiles[t].Rgb[(p * 3) + c] / 255f;
                }
            }
        }

        return tensor(values, [tiles.Count, 3, Tile, Tile]);
    }

    /// <summary>The tiny net trained a few epochs on synthetic tiles, exported, and its twin loaded back; plus held-out tiles.</summary>
    private static DetectorTwin TrainedTwin(out List<Verifier.Detector.Training.Data.TrainingTile> heldOut)
    {
        var card = new ModelCard("attack-test", "0.0.1", ModelCard.LayoutNchw, 3, Tile, 1, DetectorTraining.InputNormalisation,
            new Calibration(1), new DecisionThresholds(0.4, 0.6), [], []);
        using var temp = new TempFolder();
        var options = new TrainingOptions { Epochs = 4, BatchSize = 16, LearningRate = 3e-3, Seed = 3, Device = "cpu", Net = DetectorNetOptions.Tiny(Tile) };
        var path = temp.File("m.onnx");
        using (var trainer = new DetectorTrainer(options, card, temp.File("ckpt")))
        {
            trainer.Fit(SyntheticTiles.Make(32, Tile, seed: 8));
            DetectorExport.Save(trainer.Net, card, path);
        }

        heldOut = SyntheticTiles.Make(4, Tile, seed: 9);
        return DetectorTwin.Load(path);
    }
}
