using Verifier.Detector.Model;
using Verifier.Detector.Training.Evaluation;

namespace Verifier.Detector.Training.Tests.Evaluation;

/// <summary>AUC, TPR at a fixed FPR, temperature fitting and the verdict band against hand-computed cases.</summary>
[TestClass]
public sealed class MetricsTests
{
    [TestMethod]
    public void AucCountsWinningPairsWithTiesAsHalf()
    {
        // Pairs (AI, real): 0.35 beats 0.1, loses to 0.4; 0.8 beats both: 3 of 4.
        Assert.AreEqual(0.75, Metrics.Auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 1e-12);
        Assert.AreEqual(0.5, Metrics.Auc([0.5, 0.5], [true, false]), 1e-12);
        Assert.AreEqual(1.0, Metrics.Auc([0.1, 0.2, 0.7, 0.9], [false, false, true, true]), 1e-12);
        Assert.AreEqual(0.0, Metrics.Auc([0.9, 0.7, 0.2, 0.1], [false, false, true, true]), 1e-12);
        // One tie among 2 x 3 pairs: AI {0.3, 0.6} vs real {0.3, 0.1, 0.5}: 0.3 beats 0.1, ties 0.3 (0.5); 0.6 beats all 3 -> 4.5 / 6.
        Assert.AreEqual(4.5 / 6, Metrics.Auc([0.3, 0.6, 0.3, 0.1, 0.5], [true, true, false, false, false]), 1e-12);
        Assert.ThrowsExactly<ArgumentException>(() => Metrics.Auc([0.1, 0.2], [true, true]));
    }

    [TestMethod]
    public void TruePositiveRateAtAFalsePositiveRateUsesTheRealScoresAsThresholds()
    {
        double[] real = [0.9, 0.2, 0.1, 0.3, 0.05, 0.15, 0.25, 0.35, 0.45, 0.55];
        double[] ai = [0.95, 0.5, 0.6, 0.92];
        double[] scores = [.. real, .. ai];
        bool[] labels = [.. real.Select(_ => false), .. ai.Select(_ => true)];

        // 10% of 10 reals: one may be flagged, so the threshold is the second-highest real (0.55): 0.95, 0.6, 0.92 pass.
        Assert.AreEqual(0.75, Metrics.TruePositiveRateAt(scores, labels, 0.10), 1e-12);
        // 1% of 10 reals: none may be, so only AI above 0.9 count: 0.95 and 0.92.
        Assert.AreEqual(0.5, Metrics.TruePositiveRateAt(scores, labels, 0.01), 1e-12);
        Assert.AreEqual(1.0, Metrics.TruePositiveRateAt(scores, labels, 1.0), 1e-12);
    }

    [TestMethod]
    public void TemperatureFitRecoversTheScaleThatMadeTheLogits()
    {
        var random = new Random(42);
        var logits = new List<float>();
        var labels = new List<bool>();
        for (var i = 0; i < 20_000; i++)
        {
            var z = 3 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            labels.Add(random.NextDouble() < 1 / (1 + Math.Exp(-z)));
            logits.Add((float)(2.5 * z));  // over-confident by a factor 2.5
        }

        var temperature = TemperatureFit.Fit(logits, labels);

        Assert.AreEqual(2.5, temperature, 0.15);
        var best = TemperatureFit.NegativeLogLikelihood(logits, labels, temperature);
        for (var t = 0.5; t < 6; t += 0.05)
        {
            Assert.IsLessThanOrEqualTo(TemperatureFit.NegativeLogLikelihood(logits, labels, t) + 1e-9, best, $"T = {t} fits better");
        }
    }

    [TestMethod]
    public void NegativeLogLikelihoodMatchesTheFormulaAndSurvivesHugeLogits()
    {
        var expected = (-Math.Log(1 / (1 + Math.Exp(-1.0))) - Math.Log(1 - (1 / (1 + Math.Exp(-0.5))))) / 2;
        Assert.AreEqual(expected, TemperatureFit.NegativeLogLikelihood([2f, 1f], [true, false], 2.0), 1e-12);
        Assert.AreEqual(1000.0, TemperatureFit.NegativeLogLikelihood([1000f], [false], 1.0), 1e-9);
    }

    [TestMethod]
    public void ThresholdsHoldTheFalseRatesOnTheValidationScores()
    {
        double[] real = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
        double[] ai = [0.3, 0.6, 0.85, 0.97, 0.99];
        double[] p = [.. real, .. ai];
        bool[] labels = [.. real.Select(_ => false), .. ai.Select(_ => true)];

        var band = ThresholdChooser.Choose(p, labels, maxFalseAiRate: 0.1, maxFalseRealRate: 0.2);

        // At most 1 of 10 reals called AI (0.95 only), at most 1 of 5 AI called real (0.3 only).
        Assert.IsGreaterThan(0.9, band.AiAtLeast);
        Assert.IsLessThanOrEqualTo(0.95, band.AiAtLeast);
        Assert.IsLessThan(0.6, band.RealAtMost);
        Assert.IsGreaterThanOrEqualTo(0.3, band.RealAtMost);
        Assert.AreEqual(1, real.Count(x => band.VerdictFor(x) == Verdict.Ai));
        Assert.AreEqual(1, ai.Count(x => band.VerdictFor(x) == Verdict.Real));
    }

    [TestMethod]
    public void SeparatedScoresCloseTheBandButKeepItValid()
    {
        var band = ThresholdChooser.Choose([0.01, 0.02, 0.98, 0.99], [false, false, true, true], 0.01, 0.5);

        Assert.IsLessThan(band.AiAtLeast, band.RealAtMost);
        Assert.AreEqual(Verdict.Ai, band.VerdictFor(0.98));
        Assert.AreEqual(Verdict.Real, band.VerdictFor(0.02));
    }
}
