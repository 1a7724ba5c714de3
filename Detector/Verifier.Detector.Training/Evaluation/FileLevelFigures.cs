using Verifier.Detector.Training.Data;

namespace Verifier.Detector.Training.Evaluation;

/// <summary>Turns the scanner's per-file scores of one condition into the figures of <see cref="ConditionResult"/>.</summary>
public static class FileLevelFigures
{
    public const double FalsePositiveRate = 0.01;

    /// <summary>The looser operating point reported beside the 1% one.</summary>
    public const double LooseFalsePositiveRate = 0.05;

    public static ConditionResult Compute(
        string condition, IReadOnlyList<ScoredFile> scores, IReadOnlyList<SkippedFile> skipped, int bootstrapResamples, int seed)
    {
        var isAi = scores.Select(s => s.Label == "ai").ToArray();
        var p = scores.Select(s => s.ProbabilityOfAi).ToArray();
        var bothLabels = isAi.Contains(true) && isAi.Contains(false);
        (double Low, double High)? interval = bothLabels && bootstrapResamples > 0
            ? BootstrapInterval.Auc(p, isAi, bootstrapResamples, seed)
            : null;
        var reliability = Reliability.Table(p, isAi);
        return new ConditionResult(
            condition, scores.Count, isAi.Count(a => a), isAi.Count(a => !a),
            bothLabels ? Metrics.Auc(p, isAi) : null, interval?.Low, interval?.High,
            bothLabels ? Metrics.TruePositiveRateAt(p, isAi, FalsePositiveRate) : null,
            bothLabels ? Metrics.TruePositiveRateAt(p, isAi, LooseFalsePositiveRate) : null,
            bothLabels ? Metrics.AveragePrecision(p, isAi) : null,
            Reliability.ExpectedCalibrationError(reliability), reliability, Coverage(scores),
            Families(scores), Strata(scores, s => s.MediaType), Strata(scores, s => s.Format), scores, skipped);
    }

    /// <summary>The band's inconclusive share, and the error rate among the files it decided.</summary>
    public static BandCoverage Coverage(IReadOnlyList<ScoredFile> scores)
    {
        var decided = scores.Where(s => s.Verdict is "ai" or "real").ToArray();
        return new BandCoverage(
            scores.Count == 0 ? 0 : (double)scores.Count(s => s.Verdict == "inconclusive") / scores.Count,
            decided.Length,
            decided.Length == 0 ? null : (double)decided.Count(s => s.Verdict != s.Label) / decided.Length);
    }

    private static List<StratumResult> Strata(IReadOnlyList<ScoredFile> scores, Func<ScoredFile, string> key) =>
        [.. scores.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var files = g.ToArray();
            var p = files.Select(f => f.ProbabilityOfAi).ToArray();
            var isAi = files.Select(f => f.Label == "ai").ToArray();
            var both = isAi.Contains(true) && isAi.Contains(false);
            return new StratumResult(
                g.Key, files.Length, isAi.Count(a => a), isAi.Count(a => !a), p.Average(),
                (double)files.Count(f => f.Verdict == "inconclusive") / files.Length,
                both ? Metrics.Auc(p, isAi) : null, both ? Metrics.TruePositiveRateAt(p, isAi, FalsePositiveRate) : null);
        })];

    private static List<FamilyResult> Families(IReadOnlyList<ScoredFile> scores)
    {
        var real = scores.Where(s => s.Label != "ai").ToArray();
        var results = new List<FamilyResult>();
        foreach (var family in scores.GroupBy(s => (s.Family, s.Label)).OrderBy(g => g.Key.Label).ThenBy(g => g.Key.Family, StringComparer.Ordinal))
        {
            var files = family.ToArray();
            double Share(string verdict) => (double)files.Count(f => f.Verdict == verdict) / files.Length;
            double? auc = null, tpr = null;
            if (family.Key.Label == "ai" && real.Length > 0)
            {
                // The family's files against every real file of the condition: how well this generator is told apart.
                ScoredFile[] pooled = [.. files, .. real];
                var p = pooled.Select(f => f.ProbabilityOfAi).ToArray();
                var isAi = pooled.Select(f => f.Label == "ai").ToArray();
                (auc, tpr) = (Metrics.Auc(p, isAi), Metrics.TruePositiveRateAt(p, isAi, FalsePositiveRate));
            }

            results.Add(new FamilyResult(
                FamilyCount.CardNameOf(family.Key.Family, family.Key.Label == "ai"), family.Key.Label, files.Length,
                files.Average(f => f.ProbabilityOfAi), Share("ai"), Share("real"), Share("inconclusive"), auc, tpr));
        }

        return results;
    }
}
