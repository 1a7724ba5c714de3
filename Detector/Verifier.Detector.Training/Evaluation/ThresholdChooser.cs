using Verifier.Detector.Model;

namespace Verifier.Detector.Training.Evaluation;

/// <summary>
/// The verdict band from held-out calibrated scores: "AI" from the lowest p(AI) that calls at most
/// <c>maxFalseAiRate</c> of real items AI, "real" up to the highest p(AI) that calls at most <c>maxFalseRealRate</c>
/// of AI items real; between them, inconclusive. When the two would cross, the band closes to nothing.
/// </summary>
public static class ThresholdChooser
{
    public static DecisionThresholds Choose(IReadOnlyList<double> probabilities, IReadOnlyList<bool> isAi, double maxFalseAiRate, double maxFalseRealRate)
    {
        var real = probabilities.Where((_, i) => !isAi[i]).OrderDescending().ToArray();
        var ai = probabilities.Where((_, i) => isAi[i]).Order().ToArray();
        if (real.Length == 0 || ai.Length == 0)
        {
            throw new ArgumentException($"needs both labels; got {ai.Length} AI and {real.Length} real", nameof(isAi));
        }

        // Real items at or above aiAtLeast are those strictly above the (k+1)-th highest real score: at most k of them.
        var k = (int)Math.Floor(maxFalseAiRate * real.Length);
        var aiAtLeast = k >= real.Length ? 0.0 : Math.Min(1.0, Math.BitIncrement(real[k]));

        // AI items at or below realAtMost are those strictly below the (m+1)-th lowest AI score: at most m of them.
        var m = (int)Math.Floor(maxFalseRealRate * ai.Length);
        var realAtMost = m >= ai.Length ? 1.0 : Math.Max(0.0, Math.BitDecrement(ai[m]));

        if (aiAtLeast <= 0)
        {
            aiAtLeast = Math.BitIncrement(0.0);
        }

        return new DecisionThresholds(Math.Min(realAtMost, Math.BitDecrement(aiAtLeast)), aiAtLeast);
    }
}
