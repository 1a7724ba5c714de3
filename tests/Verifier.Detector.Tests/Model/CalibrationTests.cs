using Verifier.Detector.Model;

namespace Verifier.Detector.Tests.Model;

/// <summary>Temperature-scaled sigmoid and the verdict band.</summary>
[TestClass]
public sealed class CalibrationTests
{
    [TestMethod]
    public void TemperatureDividesTheLogitBeforeTheSigmoid()
    {
        var calibration = new Calibration(Temperature: 2.0);

        Assert.AreEqual(0.5, calibration.ProbabilityOfAi(0f), 1e-12);
        Assert.AreEqual(1.0 / (1.0 + Math.Exp(-1.0)), calibration.ProbabilityOfAi(2f), 1e-12);
        Assert.AreEqual(1.0 / (1.0 + Math.Exp(1.5)), calibration.ProbabilityOfAi(-3f), 1e-12);
        // A sharper temperature moves the same logit further from 0.5.
        Assert.IsGreaterThan(calibration.ProbabilityOfAi(2f), new Calibration(0.5).ProbabilityOfAi(2f));
    }

    [TestMethod]
    public void ExtremeLogitsSaturateWithoutNaN()
    {
        var calibration = new Calibration(Temperature: 0.01);

        Assert.AreEqual(1.0, calibration.ProbabilityOfAi(float.MaxValue));
        Assert.AreEqual(0.0, calibration.ProbabilityOfAi(float.MinValue));
        Assert.AreEqual(0.0, calibration.ProbabilityOfAi(-1000f));
    }

    [TestMethod]
    [DataRow(0.0, Verdict.Real)]
    [DataRow(0.3, Verdict.Real)]
    [DataRow(0.30001, Verdict.Inconclusive)]
    [DataRow(0.5, Verdict.Inconclusive)]
    [DataRow(0.69999, Verdict.Inconclusive)]
    [DataRow(0.7, Verdict.Ai)]
    [DataRow(1.0, Verdict.Ai)]
    public void BandEdgesBelongToTheConfidentVerdicts(double probability, Verdict expected)
    {
        Assert.AreEqual(expected, new DecisionThresholds(RealAtMost: 0.3, AiAtLeast: 0.7).VerdictFor(probability));
    }
}
