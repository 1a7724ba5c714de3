using Verifier.Detector.Model;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Evaluation;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Tests.Support;
using Verifier.Detector.Training.Training;

namespace Verifier.Detector.Training.Tests.Training;

/// <summary>
/// The temporal branch learns what only time shows: on clips whose single frames are alike for both labels (smooth
/// textures; real ones slide, AI ones flicker), a one-frame net stays near chance and a four-frame net separates them.
/// </summary>
[TestClass]
public sealed class TemporalTrainingTests
{
    private const int Tile = 16;
    private const int Frames = 4;

    [TestMethod]
    public void AFourFrameNetLearnsFlickerThatAOneFrameNetCannotSee()
    {
        var train = SyntheticClips.Make(48, Tile, Frames, seed: 1);
        var heldOut = SyntheticClips.Make(60, Tile, Frames, seed: 2);

        var temporalAuc = HeldOutAuc(Frames, train, heldOut);
        var oneFrameAuc = HeldOutAuc(1, SyntheticClips.FirstFrames(train, Tile), SyntheticClips.FirstFrames(heldOut, Tile));

        Assert.IsGreaterThan(0.9, temporalAuc, $"T = {Frames} held-out AUC (T = 1: {oneFrameAuc})");
        Assert.IsInRange(0.35, 0.65, oneFrameAuc, "T = 1 held-out AUC should stay near chance: one frame carries no label");
    }

    [TestMethod]
    public void CheckpointSettingsNameTheTemporalBranchOnlyWhenThereIsOne()
    {
        var train = SyntheticClips.Make(4, Tile, Frames, seed: 3);
        using var temp = new TempFolder();
        using (var trainer = new DetectorTrainer(Options(Frames, epochs: 1), Card(Frames), temp.File("temporal")))
        {
            trainer.Fit(train);
        }

        using (var trainer = new DetectorTrainer(Options(1, epochs: 1), Card(1), temp.File("plain")))
        {
            trainer.Fit(SyntheticClips.FirstFrames(train, Tile));
        }

        StringAssert.Contains(TrainingCheckpoint.Read(temp.File("temporal"))!.Settings, "\"Temporal\":\"4 frames");
        var plain = TrainingCheckpoint.Read(temp.File("plain"))!.Settings;
        Assert.DoesNotContain("Temporal", plain);
        Assert.DoesNotContain("Frames", plain);
        Assert.DoesNotContain("Motion", plain);
    }

    [TestMethod]
    public void AdversarialTrainingOfATemporalNetIsRefused()
    {
        using var temp = new TempFolder();
        var error = Assert.ThrowsExactly<ArgumentException>(
            () => new DetectorTrainer(Options(Frames, epochs: 1) with { AdversarialEpsilon = 2 }, Card(Frames), temp.File("ckpt")));
        StringAssert.Contains(error.Message, "4 frames");
    }

    private static double HeldOutAuc(int frames, List<TrainingTile> train, List<TrainingTile> heldOut)
    {
        using var temp = new TempFolder();
        using var trainer = new DetectorTrainer(Options(frames, epochs: 6), Card(frames), temp.File("ckpt"));
        trainer.Fit(train);
        var logits = trainer.Logits(heldOut);
        return Metrics.Auc([.. logits.Select(l => (double)l)], [.. heldOut.Select(t => t.IsAi)]);
    }

    private static TrainingOptions Options(int frames, int epochs) => new()
    {
        Epochs = epochs, BatchSize = 16, LearningRate = 3e-3, Seed = 7, Device = "cpu", Net = DetectorNetOptions.Tiny(Tile, frames),
    };

    private static ModelCard Card(int frames) => new("temporal-test", "0.0.1", frames == 1 ? ModelCard.LayoutNchw : ModelCard.LayoutNcthw,
        3, Tile, frames, DetectorTraining.InputNormalisation, new Calibration(1), new DecisionThresholds(0.4, 0.6), [], []);
}
