namespace Verifier.Detector.Training.Evaluation;

/// <summary>
/// Temperature scaling (Guo et al. 2017): the T that minimises the negative log-likelihood of
/// p = sigmoid(logit / T) on held-out logits. NLL is convex in 1/T, so a golden-section search over log T finds it.
/// </summary>
public static class TemperatureFit
{
    public const double MinTemperature = 0.05;
    public const double MaxTemperature = 50;

    public static double Fit(IReadOnlyList<float> logits, IReadOnlyList<bool> isAi)
    {
        if (logits.Count != isAi.Count || logits.Count == 0)
        {
            throw new ArgumentException($"{logits.Count} logits for {isAi.Count} labels", nameof(isAi));
        }

        var (low, high) = (Math.Log(MinTemperature), Math.Log(MaxTemperature));
        var ratio = (Math.Sqrt(5) - 1) / 2;
        for (var i = 0; i < 100 && high - low > 1e-9; i++)
        {
            var a = high - (ratio * (high - low));
            var b = low + (ratio * (high - low));
            if (NegativeLogLikelihood(logits, isAi, Math.Exp(a)) <= NegativeLogLikelihood(logits, isAi, Math.Exp(b)))
            {
                high = b;
            }
            else
            {
                low = a;
            }
        }

        return Math.Exp((low + high) / 2);
    }

    /// <summary>Mean -log p(label) under sigmoid(logit / temperature), computed without overflow.</summary>
    public static double NegativeLogLikelihood(IReadOnlyList<float> logits, IReadOnlyList<bool> isAi, double temperature)
    {
        double sum = 0;
        for (var i = 0; i < logits.Count; i++)
        {
            // -log sigmoid(s) = softplus(-s), with s the logit signed towards the true label.
            var s = (isAi[i] ? 1 : -1) * logits[i] / temperature;
            sum += s > 0 ? Math.Log(1 + Math.Exp(-s)) : -s + Math.Log(1 + Math.Exp(s));
        }

        return sum / logits.Count;
    }
}
