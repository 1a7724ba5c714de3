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

    /// <summary>
    /// Average precision: the sum over score thresholds (highest first, tied scores taken together) of the recall gained
    /// times the precision reached there, i.e. the step-wise area under the precision-recall curve.
    /// </summary>
    public static double AveragePrecision(IReadOnlyList<double> scores, IReadOnlyList<bool> isAi)
    {
        var (positives, _) = Counts(scores, isAi);
        double sum = 0;
        var previousRecall = 0.0;
        foreach (var (falsePositives, truePositives) in Thresholds(scores, isAi))
        {
            var recall = (double)truePositives / positives;
            sum += (recall - previousRecall) * truePositives / (truePositives + falsePositives);
            previousRecall = recall;
        }

        return sum;
    }

    /// <summary>The ROC curve's corners: (false-positive rate, true-positive rate) from (0, 0) to (1, 1), one per distinct score.</summary>
    public static IReadOnlyList<(double FalsePositiveRate, double TruePositiveRate)> RocCurve(IReadOnlyList<double> scores, IReadOnlyList<bool> isAi)
    {
        var (positives, negatives) = Counts(scores, isAi);
        return [(0, 0), .. Thresholds(scores, isAi).Select(t => ((double)t.FalsePositives / negatives, (double)t.TruePositives / positives))];
    }

    /// <summary>Cumulative counts of real (false) and AI (true) positives at each distinct score, highest first.</summary>
    private static IEnumerable<(int FalsePositives, int TruePositives)> Thresholds(IReadOnlyList<double> scores, IReadOnlyList<bool> isAi)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var (falsePositives, truePositives) = (0, 0);
        for (var k = 0; k < order.Length; k++)
        {
            _ = isAi[order[k]] ? truePositives++ : falsePositives++;
            if (k + 1 == order.Length || scores[order[k + 1]] != scores[order[k]])
            {
                yield return (falsePositives, truePositives);
            }
        }
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
