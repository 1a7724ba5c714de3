using TorchSharp;
using Verifier.Detector.Model;
using Verifier.Detector.Scoring;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Export;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Tests.Support;
using Verifier.Detector.Training.Training;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Tests.Training;

/// <summary>
/// The training-only generator-family head: it learns families whose pixels differ, weight 0 trains exactly as plain
/// binary cross-entropy, the export is unchanged, and a resumed run restores the head.
/// </summary>
[TestClass]
public sealed class FamilyHeadTrainingTests
{
    private const int Tile = 16;

    private static readonly string[] AiFamilies = ["nearest-2x", "nearest-4x", "tinted"];

    private static readonly ModelCard Card = new("family-head-test", "0.0.1", ModelCard.LayoutNchw, 3, Tile, 1,
        DetectorTraining.InputNormalisation, new Calibration(1), new DecisionThresholds(0.4, 0.6), [], []);

    private static readonly IReadOnlyList<string> Classes = FamilyClasses.Of(
        [new CorpusItem("r", false, "image", "camera", "s"), .. AiFamilies.Select(f => new CorpusItem(f, true, "image", f, "s"))]);

    private static TrainingOptions Options(int epochs, double familyWeight) => new()
    {
        Epochs = epochs, BatchSize = 16, LearningRate = 1e-2, Seed = 5, Device = "cpu", Net = DetectorNetOptions.Tiny(Tile),
        FamilyWeight = familyWeight, FamilyClasses = Classes,
    };

    [TestMethod]
    public void TheClassesAreRealThenEachAiFamilyInOrder()
    {
        CollectionAssert.AreEqual(new[] { "real", "nearest-2x", "nearest-4x", "tinted" }, Classes.ToArray());
        var tiles = FamilyTiles(1, seed: 1);
        CollectionAssert.AreEqual(new long[] { 0, 1, 2, 3 }, FamilyClasses.Indices(tiles, Classes));
        var stranger = new TrainingTile(tiles[1].Rgb, true, "unseen", "x.png");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => FamilyClasses.Indices([stranger], Classes)).Message, "x.png");
    }

    [TestMethod]
    public void TheHeadLearnsFamiliesWhosePixelsDiffer()
    {
        using var temp = new TempFolder();
        using var trainer = new DetectorTrainer(Options(8, familyWeight: 1), Card, temp.File("ckpt"));
        trainer.Fit(FamilyTiles(24, seed: 2));

        var heldOut = FamilyTiles(10, seed: 3);
        var truth = FamilyClasses.Indices(heldOut, Classes);
        var predicted = trainer.PredictFamilies(heldOut);
        var accuracy = (double)Enumerable.Range(0, heldOut.Count).Count(i => predicted[i] == truth[i]) / heldOut.Count;
        // Four balanced classes: chance is 0.25.
        Assert.IsGreaterThan(0.6, accuracy, $"predicted {string.Join(",", predicted)}");
    }

    [TestMethod]
    public void WeightZeroTrainsExactlyAsPlainBinaryCrossEntropy()
    {
        var tiles = FamilyTiles(8, seed: 4);
        using var temp = new TempFolder();
        using var trainer = new DetectorTrainer(Options(2, familyWeight: 0), Card, temp.File("ckpt"));
        trainer.Fit(tiles);

        CollectionAssert.AreEqual(ReferenceLosses(tiles, Options(2, 0)), trainer.Losses.ToArray());
        Assert.AreEqual(0, trainer.Net.FamilyClasses);
        var settings = TrainingCheckpoint.Read(temp.File("ckpt"))!.Settings;
        Assert.DoesNotContain("Family", settings, "with the head off the settings match checkpoints made before it existed");

        // The head's cross-entropy (about ln 4 at the start) is what a weight adds to the very first step.
        using var withHead = new DetectorTrainer(Options(1, familyWeight: 0.5), Card, temp.File("head"));
        withHead.Fit(tiles);
        Assert.AreEqual(trainer.Losses[0] + (0.5 * Math.Log(4)), withHead.Losses[0], 0.5 * 0.5);
    }

    [TestMethod]
    public void TheExportIsTheSameOneOutputModelWithOrWithoutTheHead()
    {
        using var temp = new TempFolder();
        manual_seed(9);
        using var plain = new DetectorNet(DetectorNetOptions.Tiny(Tile));
        manual_seed(9);
        using var headed = new DetectorNet(DetectorNetOptions.Tiny(Tile), familyClasses: 4);
        DetectorExport.Save(plain, Card, temp.File("plain.onnx"));
        DetectorExport.Save(headed, Card, temp.File("headed.onnx"));
        CollectionAssert.AreEqual(File.ReadAllBytes(temp.File("plain.onnx")), File.ReadAllBytes(temp.File("headed.onnx")), "the head is training-only");
        Assert.IsGreaterThan(plain.ParameterCount, headed.ParameterCount);

        // A trained headed net: DetectorModel loads only one-input, one-output models, and agrees with TorchSharp.
        var tiles = FamilyTiles(8, seed: 6);
        using var trainer = new DetectorTrainer(Options(1, familyWeight: 1), Card, temp.File("ckpt"));
        trainer.Fit(tiles);
        DetectorExport.Save(trainer.Net, Card, temp.File("trained.onnx"));
        using var model = DetectorModel.Load(temp.File("trained.onnx"));
        var scores = model.Score(TileTensors.Samples(tiles, [.. Enumerable.Range(0, tiles.Count)], Card));
        var logits = trainer.Logits(tiles);
        Assert.IsGreaterThan(1e-3f, logits.Max() - logits.Min(), "a dead net would pass trivially");
        for (var i = 0; i < tiles.Count; i++)
        {
            Assert.AreEqual(logits[i], scores[i].Logit, 1e-4, $"tile {i}");
        }
    }

    [TestMethod]
    public void ResumingRestoresTheHeadAndRefusesAnotherClassList()
    {
        var tiles = FamilyTiles(8, seed: 7);
        using var temp = new TempFolder();
        float[] straight;
        int[] straightFamilies;
        using (var trainer = new DetectorTrainer(Options(2, familyWeight: 1), Card, temp.File("straight")))
        {
            trainer.Fit(tiles);
            straight = [.. trainer.Losses];
            straightFamilies = trainer.PredictFamilies(tiles);
        }

        using (var firstHalf = new DetectorTrainer(Options(1, familyWeight: 1), Card, temp.File("resumed")))
        {
            firstHalf.Fit(tiles);
        }

        using (var resumed = new DetectorTrainer(Options(2, familyWeight: 1), Card, temp.File("resumed")))
        {
            Assert.AreEqual(1, resumed.EpochsDone);
            resumed.Fit(tiles);
            // The second epoch's losses include the head's cross-entropy: a head not restored would change them.
            CollectionAssert.AreEqual(straight, resumed.Losses.ToArray());
            CollectionAssert.AreEqual(straightFamilies, resumed.PredictFamilies(tiles));
        }

        var otherClasses = Options(2, familyWeight: 1) with { FamilyClasses = ["real", "nearest-2x", "tinted"] };
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => new DetectorTrainer(otherClasses, Card, temp.File("resumed"))).Message, temp.File("resumed"));
    }

    [TestMethod]
    public void AWeightWithoutClassesIsRefused()
    {
        using var temp = new TempFolder();
        var noClasses = Options(1, familyWeight: 1) with { FamilyClasses = null };
        Assert.ThrowsExactly<ArgumentException>(() => new DetectorTrainer(noClasses, Card, temp.File("a")));
        Assert.ThrowsExactly<ArgumentException>(() => new DetectorTrainer(Options(1, familyWeight: double.NaN), Card, temp.File("b")));
        Assert.IsFalse(Directory.Exists(temp.File("a")));
    }

    /// <summary>
    /// Today's training written out plainly: the seeded net, AdamW, the seeded batch order, and binary cross-entropy
    /// with AI weighted up, one step per batch (a last batch of one tile is dropped).
    /// </summary>
    private static float[] ReferenceLosses(IReadOnlyList<TrainingTile> tiles, TrainingOptions options)
    {
        manual_seed(options.Seed);
        using var net = new DetectorNet(options.Net);
        using var optimizer = optim.AdamW(net.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        var ai = tiles.Count(t => t.IsAi);
        using var positiveWeight = tensor(new[] { (float)(tiles.Count - ai) / ai });
        var losses = new List<float>();
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            net.train();
            var order = Enumerable.Range(0, tiles.Count).ToArray();
            new Random(unchecked((options.Seed * 7919) + epoch)).Shuffle(order);
            foreach (var batch in order.Chunk(options.BatchSize).Where(b => b.Length >= 2))
            {
                using var scope = NewDisposeScope();
                var (inputs, labels) = TileTensors.Batch(tiles, batch, Card);
                var loss = nn.functional.binary_cross_entropy_with_logits(net.forward(inputs), labels, pos_weights: positiveWeight);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                losses.Add(loss.item<float>());
            }
        }

        return [.. losses];
    }

    /// <summary>
    /// Per round one real tile (independent noise) and one of each AI family: 2x nearest-upsampled noise, 4x
    /// nearest-upsampled noise, and noise tinted red (a colour any net tells apart at once).
    /// </summary>
    private static List<TrainingTile> FamilyTiles(int rounds, int seed)
    {
        var random = new Random(seed);
        var tiles = new List<TrainingTile>();
        for (var n = 0; n < rounds; n++)
        {
            tiles.Add(new TrainingTile(SyntheticTiles.Frame(Tile, Tile, random, upsampled: false).Rgb, false, "camera", $"real-{n}"));
            tiles.Add(new TrainingTile(SyntheticTiles.Frame(Tile, Tile, random, upsampled: true).Rgb, true, AiFamilies[0], $"a-{n}"));
            tiles.Add(new TrainingTile(Upsampled4x(random), true, AiFamilies[1], $"b-{n}"));
            var tinted = SyntheticTiles.Frame(Tile, Tile, random, upsampled: false).Rgb;
            for (var i = 0; i < tinted.Length; i += 3)
            {
                (tinted[i], tinted[i + 2]) = ((byte)(128 + (tinted[i] / 2)), (byte)(tinted[i + 2] / 4));
            }

            tiles.Add(new TrainingTile(tinted, true, AiFamilies[2], $"c-{n}"));
        }

        return tiles;
    }

    private static byte[] Upsampled4x(Random random)
    {
        var small = SyntheticTiles.Frame(Tile / 4, Tile / 4, random, upsampled: false).Rgb;
        var rgb = new byte[Tile * Tile * 3];
        for (var y = 0; y < Tile; y++)
        {
            for (var x = 0; x < Tile; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    rgb[(((y * Tile) + x) * 3) + c] = small[((((y / 4) * (Tile / 4)) + (x / 4)) * 3) + c];
                }
            }
        }

        return rgb;
    }
}
