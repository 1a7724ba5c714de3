using Verifier.Detector.Model;
using Verifier.Detector.Training.Evaluation;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Net.Pretrained;
using Verifier.Detector.Training.Tests.Support;
using Verifier.Detector.Training.Training;

namespace Verifier.Detector.Training.Tests.Training;

/// <summary>Seeded, resumable AdamW training of the tiny net on tiles whose difference is known.</summary>
[TestClass]
public sealed class DetectorTrainerTests
{
    private const int Tile = 16;

    private static readonly ModelCard Card = new("trainer-test", "0.0.1", ModelCard.LayoutNchw, 3, Tile, 1,
        DetectorTraining.InputNormalisation, new Calibration(1), new DecisionThresholds(0.4, 0.6), [], []);

    private sealed class Tolerance(float within) : System.Collections.IComparer
    {
        public int Compare(object? x, object? y) => Math.Abs((float)x! - (float)y!) <= within ? 0 : 1;
    }

    private static TrainingOptions Options(int epochs, int seed = 5) => new()
    {
        Epochs = epochs, BatchSize = 16, LearningRate = 3e-3, Seed = seed, Device = "cpu", Net = DetectorNetOptions.Tiny(Tile),
    };

    [TestMethod]
    public void TheSameSeedGivesTheSameLossesAndAnotherSeedDoesNot()
    {
        var tiles = SyntheticTiles.Make(24, Tile, seed: 1);

        float[] Losses(int seed)
        {
            using var temp = new TempFolder();
            using var trainer = new DetectorTrainer(Options(1, seed), Card, temp.File("ckpt"));
            trainer.Fit(tiles);
            return [.. trainer.Losses];
        }

        var first = Losses(5);
        Assert.HasCount(3, first);
        CollectionAssert.AreEqual(first, Losses(5));
        CollectionAssert.AreNotEqual(first, Losses(6));
    }

    /// <summary>
    /// A probe's head trained on its frozen backbone's features, computed once, trains exactly as through the whole net at
    /// every step: the same losses (to float rounding of other batch shapes) and the same logits after.
    /// </summary>
    [TestMethod]
    public void AProbeTrainsOnFeaturesComputedOnceAsOnTheTilesThemselves()
    {
        const int tile = 32;
        var tiles = SyntheticTiles.Make(40, tile, seed: 4);
        var options = Options(4) with
        {
            Net = new DetectorNetOptions { TileSize = tile, Backbone = MobileNetV2Backbone.Name, BackboneOnly = true, BackboneFolder = ShippedBackbone.Folder },
        };
        var card = Card with { TileSize = tile };

        (float[] Losses, float[] Logits) Train(bool reuse)
        {
            using var temp = new TempFolder();
            using var trainer = new DetectorTrainer(options, card, temp.File("ckpt")) { ReuseFrozenFeatures = reuse };
            trainer.Fit(tiles);
            return ([.. trainer.Losses], trainer.Logits(tiles));
        }

        var (cachedLosses, cachedLogits) = Train(reuse: true);
        var (directLosses, directLogits) = Train(reuse: false);
        CollectionAssert.AreEqual(directLosses, cachedLosses, new Tolerance(1e-4f));
        CollectionAssert.AreEqual(directLogits, cachedLogits, new Tolerance(1e-4f));
        var perEpoch = cachedLosses.Chunk(cachedLosses.Length / 4).Select(epoch => epoch.Average()).ToArray();
        Assert.IsLessThan(perEpoch[0], perEpoch[^1], $"the head trained; losses per epoch: {string.Join(", ", perEpoch)}");
    }

    [TestMethod]
    public void LossFallsAndTheTrainedNetSeparatesTheLabels()
    {
        var tiles = SyntheticTiles.Make(48, Tile, seed: 2);
        using var temp = new TempFolder();
        using var trainer = new DetectorTrainer(Options(6), Card, temp.File("ckpt"));

        trainer.Fit(tiles);

        var perEpoch = trainer.Losses.Chunk(6).Select(epoch => epoch.Average()).ToArray();
        Assert.IsLessThan(0.7 * perEpoch[0], perEpoch[^1], $"losses per epoch: {string.Join(", ", perEpoch)}");
        var heldOut = SyntheticTiles.Make(20, Tile, seed: 3);
        var logits = trainer.Logits(heldOut);
        Assert.IsGreaterThan(0.9, Metrics.Auc([.. logits.Select(l => (double)l)], [.. heldOut.Select(t => t.IsAi)]));
    }

    [TestMethod]
    public void AdversarialTrainingChangesTheLossPathDeterministicallyAndStillLearns()
    {
        var tiles = SyntheticTiles.Make(48, Tile, seed: 2);

        float[] Losses(TrainingOptions options, out double heldOutAuc)
        {
            using var temp = new TempFolder();
            using var trainer = new DetectorTrainer(options, Card, temp.File("ckpt"));
            trainer.Fit(tiles);
            var heldOut = SyntheticTiles.Make(20, Tile, seed: 3);
            heldOutAuc = Metrics.Auc([.. trainer.Logits(heldOut).Select(l => (double)l)], [.. heldOut.Select(t => t.IsAi)]);
            return [.. trainer.Losses];
        }

        var adversarial = Options(6) with { AdversarialEpsilon = 4 };
        var off = Losses(Options(6), out _);
        var on = Losses(adversarial, out var auc);

        // Same seed, so the same weights and first batch: only the attacked half of the loss can make the first step differ.
        Assert.AreNotEqual(off[0], on[0]);
        CollectionAssert.AreEqual(on, Losses(adversarial, out _), "the attack is deterministic");
        var perEpoch = on.Chunk(6).Select(epoch => epoch.Average()).ToArray();
        Assert.IsLessThan(0.7 * perEpoch[0], perEpoch[^1], $"losses per epoch: {string.Join(", ", perEpoch)}");
        Assert.IsGreaterThan(0.9, auc);
    }

    [TestMethod]
    public void AdversarialTrainingOffTrainsAsBeforeAndKeepsTheCheckpointSettings()
    {
        var tiles = SyntheticTiles.Make(16, Tile, seed: 6);
        using var temp = new TempFolder();
        float[] explicitOff;
        using (var trainer = new DetectorTrainer(Options(1) with { AdversarialEpsilon = 0 }, Card, temp.File("off")))
        {
            trainer.Fit(tiles);
            explicitOff = [.. trainer.Losses];
        }

        using var plain = new DetectorTrainer(Options(1), Card, temp.File("plain"));
        plain.Fit(tiles);

        CollectionAssert.AreEqual(plain.Losses.ToArray(), explicitOff);
        // Settings written before the option existed have no such field; with it off they still match, so those checkpoints resume.
        var settings = TrainingCheckpoint.Read(temp.File("off"))!.Settings;
        Assert.DoesNotContain("Adversarial", settings);
    }

    [TestMethod]
    public void ResumingAfterAnEpochContinuesTheSameRun()
    {
        var tiles = SyntheticTiles.Make(16, Tile, seed: 4);
        using var temp = new TempFolder();

        float[] straight;
        float[] straightLogits;
        using (var trainer = new DetectorTrainer(Options(2), Card, temp.File("straight")))
        {
            trainer.Fit(tiles);
            straight = [.. trainer.Losses];
            straightLogits = trainer.Logits(tiles);
        }

        using (var firstHalf = new DetectorTrainer(Options(1), Card, temp.File("resumed")))
        {
            firstHalf.Fit(tiles);
        }

        using var resumed = new DetectorTrainer(Options(2), Card, temp.File("resumed"));
        Assert.AreEqual(1, resumed.EpochsDone);
        resumed.Fit(tiles);

        CollectionAssert.AreEqual(straight, resumed.Losses.ToArray());
        CollectionAssert.AreEqual(straightLogits, resumed.Logits(tiles));
    }

    [TestMethod]
    public void ACheckpointOfOtherSettingsOrACorruptOneIsRefusedByName()
    {
        var tiles = SyntheticTiles.Make(8, Tile, seed: 5);
        using var temp = new TempFolder();
        using (var trainer = new DetectorTrainer(Options(1), Card, temp.File("ckpt")))
        {
            trainer.Fit(tiles);
        }

        var error = Assert.ThrowsExactly<InvalidDataException>(() => new DetectorTrainer(Options(1, seed: 99), Card, temp.File("ckpt")));
        StringAssert.Contains(error.Message, temp.File("ckpt"));

        File.WriteAllBytes(temp.File("ckpt/net.bin"), [1, 2, 3]);
        error = Assert.ThrowsExactly<InvalidDataException>(() => new DetectorTrainer(Options(1), Card, temp.File("ckpt")));
        StringAssert.Contains(error.Message, temp.File("ckpt"));
    }
}
