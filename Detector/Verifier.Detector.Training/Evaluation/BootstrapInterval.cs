namespace Verifier.Detector.Training.Evaluation;

/// <summary>Percentile bootstrap intervals over items (files), resampled within each label so both labels are always present.</summary>
public static class BootstrapInterval
{
    /// <summary>The 2.5th and 97.5th percentiles of the AUC over <paramref name="resamples"/> seeded resamples.</summary>
    public static (double Low, double High) Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> isAi, int resamples, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var positives = Enumerable.Range(0, scores.Count).Where(i => isAi[i]).ToArray();
        var negatives = Enumerable.Range(0, scores.Count).Where(i => !isAi[i]).ToArray();
        var random = new Random(seed);
        var drawn = new double[scores.Count];
        var labels = new bool[scores.Count];
        var aucs = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            var k = 0;
            foreach (var (pool, label) in new[] { (positives, true), (negatives, false) })
            {
                for (var n = 0; n < pool.Length; n++, k++)
                {
                    drawn[k] = scores[pool[random.Next(pool.Length)]];
                    labels[k] = label;
                }
            }

            aucs[r] = Metrics.Auc(drawn[..k], labels[..k]);
        }

        Array.Sort(aucs);
        return (Percentile(aucs, 0.025), Percentile(aucs, 0.975));
    }

    /// <summary>
    /// The 2.5th and 97.5th percentiles of the mean of <paramref name="values"/> over seeded resamples of the values
    /// themselves (a leave-one-family-out run resamples families, its unit of generalisation, not files).
    /// </summary>
    public static (double Low, double High) Mean(IReadOnlyList<double> values, int resamples, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(values.Count, 1);
        var random = new Random(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (var n = 0; n < values.Count; n++)
            {
                sum += values[random.Next(values.Count)];
            }

            means[r] = sum / values.Count;
        }

        Array.Sort(means);
        return (Percentile(means, 0.025), Percentile(means, 0.975));
    }

    /// <summary>Linear interpolation between the order statistics of a sorted array.</summary>
    internal static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
