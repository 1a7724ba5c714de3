using Verifier.Detector.Training.Evaluation;

namespace Verifier.Detector.Training.Tests.Evaluation;

/// <summary>Average precision, the ROC curve's corners and the reliability table / ECE, against values worked out by hand.</summary>
[TestClass]
public sealed class CalibrationAndPrecisionTests
{
    [TestMethod]
    public void AveragePrecisionSumsPrecisionAtEachRecallStep()
    {
        // Ranked high to low: 0.9 ai, 0.8 real, 0.7 ai, 0.6 ai, 0.2 real.
        // Recall steps to 1/3 at precision 1/1, to 2/3 at 2/3, to 3/3 at 3/4: (1 + 2/3 + 3/4) / 3.
        double[] scores = [0.2, 0.9, 0.6, 0.8, 0.7];
        bool[] labels = [false, true, true, false, true];
        Assert.AreEqual((1 + (2.0 / 3) + (3.0 / 4)) / 3, Metrics.AveragePrecision(scores, labels), 1e-12);

        // Perfect ranking: 1. Worst (both reals first): recall 1/2 at 1/3, 1 at 2/4.
        Assert.AreEqual(1.0, Metrics.AveragePrecision([0.9, 0.8, 0.1], [true, true, false]), 1e-12);
        Assert.AreEqual((0.5 * (1.0 / 3)) + (0.5 * (2.0 / 4)), Metrics.AveragePrecision([0.9, 0.8, 0.2, 0.1], [false, false, true, true]), 1e-12);
    }

    [TestMethod]
    public void TiedScoresCountAsOneThresholdInPrecisionAndRoc()
    {
        // 0.5 holds one ai and one real: one step to recall 1/2 at precision 1/2, then 0.4 (ai): recall 1 at 2/3.
        double[] scores = [0.5, 0.5, 0.4];
        bool[] labels = [true, false, true];
        Assert.AreEqual((0.5 * 0.5) + (0.5 * (2.0 / 3)), Metrics.AveragePrecision(scores, labels), 1e-12);

        var roc = Metrics.RocCurve(scores, labels);
        CollectionAssert.AreEqual(new[] { (0.0, 0.0), (1.0, 0.5), (1.0, 1.0) }, roc.ToArray());
    }

    [TestMethod]
    public void RocCurveStepsThroughEveryScoreAndItsAreaIsTheAuc()
    {
        double[] scores = [0.1, 0.4, 0.35, 0.8];
        bool[] labels = [false, false, true, true];
        var roc = Metrics.RocCurve(scores, labels);

        // 0.8 ai -> (0, .5); 0.4 real -> (.5, .5); 0.35 ai -> (.5, 1); 0.1 real -> (1, 1).
        CollectionAssert.AreEqual(new[] { (0.0, 0.0), (0.0, 0.5), (0.5, 0.5), (0.5, 1.0), (1.0, 1.0) }, roc.ToArray());
        var area = roc.Zip(roc.Skip(1)).Sum(p => (p.Second.FalsePositiveRate - p.First.FalsePositiveRate) * (p.First.TruePositiveRate + p.Second.TruePositiveRate) / 2);
        Assert.AreEqual(Metrics.Auc(scores, labels), area, 1e-12);
    }

    [TestMethod]
    public void ReliabilityBinsAndEceMatchAHandCount()
    {
        // Ten bins. Bin 0: 0.05 (real), 0.08 (ai) -> mean 0.065, share 0.5, gap 0.435.
        // Bin 7: 0.75 (ai), 0.72 (ai), 0.71 (real) -> mean 0.7266.., share 2/3, gap 0.06.
        // Bin 9: 1.0 (ai) -> the last bin holds p = 1: mean 1, share 1, gap 0.
        double[] p = [0.05, 0.08, 0.75, 0.72, 0.71, 1.0];
        bool[] ai = [false, true, true, true, false, true];

        var table = Reliability.Table(p, ai, bins: 10);

        Assert.HasCount(10, table);
        Assert.AreEqual((0.0, 0.1, 2), (table[0].Low, table[0].High, table[0].Files));
        Assert.AreEqual(0.065, table[0].MeanProbabilityOfAi!.Value, 1e-12);
        Assert.AreEqual(0.5, table[0].ShareAi);
        Assert.AreEqual(3, table[7].Files);
        Assert.AreEqual(2.18 / 3, table[7].MeanProbabilityOfAi!.Value, 1e-12);
        Assert.AreEqual((1, 1.0, 1.0), (table[9].Files, table[9].MeanProbabilityOfAi, table[9].ShareAi));
        Assert.AreEqual(0, table[3].Files);
        Assert.IsNull(table[3].ShareAi);

        var expected = ((2.0 / 6) * Math.Abs(0.065 - 0.5)) + ((3.0 / 6) * Math.Abs((2.18 / 3) - (2.0 / 3))) + ((1.0 / 6) * 0);
        Assert.AreEqual(expected, Reliability.ExpectedCalibrationError(table), 1e-12);
    }

    [TestMethod]
    public void PerfectlyCalibratedBinsHaveNoError()
    {
        // Every file in bin 2 at p = 0.25, one in four AI: the bin's mean equals its share.
        double[] p = [0.25, 0.25, 0.25, 0.25];
        bool[] ai = [true, false, false, false];
        Assert.AreEqual(0.0, Reliability.ExpectedCalibrationError(Reliability.Table(p, ai)), 1e-12);
        Assert.AreEqual(0.0, Reliability.ExpectedCalibrationError(Reliability.Table([], [])));
    }
}
