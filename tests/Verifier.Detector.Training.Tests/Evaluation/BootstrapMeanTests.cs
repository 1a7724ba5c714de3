using Verifier.Detector.Training.Evaluation;

namespace Verifier.Detector.Training.Tests.Evaluation;

/// <summary>The bootstrap interval of a mean over families: degenerate when all agree, the normal approximation's width otherwise.</summary>
[TestClass]
public sealed class BootstrapMeanTests
{
    [TestMethod]
    public void EqualValuesGiveAPointAndSpreadValuesTheNormalWidth()
    {
        Assert.AreEqual((0.75, 0.75), BootstrapInterval.Mean([0.75, 0.75, 0.75], 200, seed: 1));

        // 50 zeros and 50 ones: the mean's standard error is sqrt(0.25 / 100) = 0.05, so about 0.5 -+ 1.96 * 0.05.
        double[] values = [.. Enumerable.Range(0, 100).Select(i => (double)(i % 2))];
        var (low, high) = BootstrapInterval.Mean(values, 4000, seed: 2);

        Assert.AreEqual(0.5 - (1.96 * 0.05), low, 0.02);
        Assert.AreEqual(0.5 + (1.96 * 0.05), high, 0.02);
        Assert.AreEqual((low, high), BootstrapInterval.Mean(values, 4000, seed: 2), "not seeded");
    }
}
