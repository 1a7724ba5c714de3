using Verifier.Detector.Training.Evaluation;

namespace Verifier.Detector.Training.Tests.Evaluation;

/// <summary>File-level figures and their bootstrap interval, against values worked out by hand.</summary>
[TestClass]
public sealed class FileLevelFiguresTests
{
    [TestMethod]
    public void FiguresPerConditionAndPerFamilyMatchHandCounts()
    {
        ScoredFile[] files =
        [
            new("a1", "ai", "gen", 0.9, "ai", "video", "mp4/h264"),
            new("a2", "ai", "gen", 0.6, "inconclusive", "image", "png"),
            new("b1", "ai", "other", 0.05, "real", "image", "jpeg"),
            new("r1", "real", "cam", 0.1, "real", "image", "jpeg"),
            new("r2", "real", "cam", 0.7, "ai", "video", "mp4/h264"),
        ];

        var result = FileLevelFigures.Compute("original", files, [], bootstrapResamples: 200, seed: 3);

        // Pairs (ai, real): 0.9 beats both, 0.6 beats 0.1 only, 0.05 beats neither: 3 of 6.
        Assert.AreEqual(3.0 / 6, result.Auc!.Value, 1e-12);
        // Two real files: 1% of them is none, so the threshold is 0.7 and only 0.9 is above it.
        Assert.AreEqual(1.0 / 3, result.TprAt1PctFpr!.Value, 1e-12);
        Assert.AreEqual((5, 3, 2), (result.Files, result.AiFiles, result.RealFiles));

        var gen = result.Families.Single(f => f.Family == "gen");
        Assert.AreEqual((2, 0.75, 0.5, 0.0, 0.5), (gen.Files, gen.MeanProbabilityOfAi, gen.ShareAi, gen.ShareReal, gen.ShareInconclusive));
        // gen against both real files: 0.9 beats both, 0.6 beats one: 3 of 4.
        Assert.AreEqual(0.75, gen.Auc!.Value, 1e-12);
        var cam = result.Families.Single(f => f.Family == "real: cam");
        Assert.AreEqual(("real", 0.5, 0.5), (cam.Label, cam.ShareAi, cam.ShareReal));
        Assert.IsNull(cam.Auc);
        Assert.IsTrue(result.AucLow <= result.Auc && result.Auc <= result.AucHigh, $"{result.AucLow}..{result.AucHigh}");

        // Band coverage: one of five inconclusive; of the four decided, b1 (ai called real) and r2 (real called ai) are wrong.
        Assert.AreEqual((0.2, 4, 0.5), (result.Coverage.ShareInconclusive, result.Coverage.Decided, result.Coverage.ErrorRateDecided));
        // Video: a1 (0.9, ai) against r2 (0.7, real) -> 1; image: a2 0.6 and b1 0.05 against r1 0.1 -> 1 of 2.
        var types = result.MediaTypes.ToDictionary(t => t.Name);
        Assert.AreEqual((2, 1.0), (types["video"].Files, types["video"].Auc));
        Assert.AreEqual((3, 0.5), (types["image"].Files, types["image"].Auc));
        // Formats: png holds one AI file only, so no AUC; jpeg: b1 0.05 (ai) below r1 0.1 (real) -> 0.
        var formats = result.Formats.ToDictionary(f => f.Name);
        CollectionAssert.AreEqual(new[] { "jpeg", "mp4/h264", "png" }, formats.Keys.ToArray());
        Assert.IsNull(formats["png"].Auc);
        Assert.AreEqual(0.0, formats["jpeg"].Auc);
        Assert.AreEqual(0.075, formats["jpeg"].MeanProbabilityOfAi, 1e-12, "the mean of 0.05 and 0.1");
    }

    [TestMethod]
    public void OneLabelOnlyGivesNoAucAndNoInterval()
    {
        var result = FileLevelFigures.Compute("original", [new("a", "ai", "gen", 0.4, "inconclusive", "image", "png")], [new("b", "broken")], 100, 1);

        Assert.IsNull(result.Auc);
        Assert.IsNull(result.AucLow);
        Assert.IsNull(result.TprAt1PctFpr);
        Assert.HasCount(1, result.Skipped);
    }

    [TestMethod]
    public void BootstrapOfSeparatedScoresIsOneAndPercentilesInterpolate()
    {
        Assert.AreEqual((1.0, 1.0), BootstrapInterval.Auc([0.9, 0.8, 0.1, 0.2], [true, true, false, false], 50, 7));
        // Position 0.25 x 3 = 0.75 between 10 and 20; 0.975 x 3 = 2.925 between 30 and 40.
        Assert.AreEqual(17.5, BootstrapInterval.Percentile([10, 20, 30, 40], 0.25), 1e-12);
        Assert.AreEqual(39.25, BootstrapInterval.Percentile([10, 20, 30, 40], 0.975), 1e-12);
    }

    [TestMethod]
    public void BootstrapIsSeededAndWidensWhenTheLabelsOverlap()
    {
        double[] scores = [0.9, 0.7, 0.4, 0.3, 0.6, 0.2, 0.5, 0.1];
        bool[] labels = [true, true, true, true, false, false, false, false];

        var first = BootstrapInterval.Auc(scores, labels, 500, 11);
        var again = BootstrapInterval.Auc(scores, labels, 500, 11);

        Assert.AreEqual(first, again);
        var auc = Metrics.Auc(scores, labels);
        Assert.IsTrue(first.Low < auc && auc < first.High && first.High <= 1.0, $"{first.Low}..{first.High} around {auc}");
    }
}
