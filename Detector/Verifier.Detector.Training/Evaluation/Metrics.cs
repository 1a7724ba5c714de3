namespace Verifier.Detector.Training.Evaluation;

/// <summary>Ranking metrics of scores against labels (true = AI), in plain code.</summary>
public static class Metrics
{
    /// <summary>
    /// Area under the ROC curve: the probability that a random AI item outscores a random real one, ties counting
    /// half (Mann-Whitney U over average ranks). Needs at least one item of each label.
    /// </summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> isAi)
    {
        var (positives, negatives) = Counts(scores, isAi);
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double positiveRankSum = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            // Tied scores share the average of their 1-based ranks.
            var rank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                positiveRankSum += isAi[order[k]] ? rank : 0;
            }

            start = end + 1;
        }

        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    /// <summary>
    /// The share of AI items caught at the strictest threshold that calls at most <paramref name="maxFalsePositiveRate"/>
    /// of the real items AI: an item counts as flagged when its score is above the threshold, which is the
    /// (k+1)-th highest real score for k = floor(rate x real items).
    /// </summary>
    public static double TruePositiveRateAt(IReadOnlyList<double> scores, IReadOnlyList<bool> isAi, double maxFalsePositiveRate)
    {
        var (positives, negatives) = Counts(scores, isAi);
        var allowed = (int)Math.Floor(maxFalsePositiveRate * negatives);
        if (allowed >= negatives)
        {
            return 1.0;
        }

        var threshold = scores.Where((_, i) => !isAi[i]).OrderDescending().ElementAt(allowed);
        return (double)scores.Where((s, i) => isAi[i] && s > threshold).Count() / positives;
    }

    private static (int Positives, int Negatives) Counts(IReadOnlyList<double> scores, IReadOnlyList<bool> isAi)
    {
        if (scores.Count != isAi.Count)
        {
            throw new ArgumentException($"{scores.Count} scores for {isAi.Count} labels", nameof(isAi));
        }

        var positives = isAi.Count(a => a);
        var negatives = isAi.Count - positives;
        return positives == 0 || negatives == 0
            ? throw new ArgumentException($"needs both labels; got {positives} AI and {negatives} real", nameof(isAi))
            : (positives, negatives);
    }
}
