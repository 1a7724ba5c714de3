using Verifier.Detector.Training.Data;

namespace Verifier.Detector.Training.Evaluation;

/// <summary>Turns the scanner's per-file scores of one condition into the figures of <see cref="ConditionResult"/>.</summary>
public static class FileLevelFigures
{
    public const double FalsePositiveRate = 0.01;

    public static ConditionResult Compute(
        string condition, IReadOnlyList<ScoredFile> scores, IReadOnlyList<SkippedFile> skipped, int bootstrapResamples, int seed)
    {
        var isAi = scores.Select(s => s.Label == "ai").ToArray();
        var p = scores.Select(s => s.ProbabilityOfAi).ToArray();
        var bothLabels = isAi.Contains(true) && isAi.Contains(false);
        (double Low, double High)? interval = bothLabels && bootstrapResamples > 0
            ? BootstrapInterval.Auc(p, isAi, bootstrapResamples, seed)
            : null;
        return new ConditionResult(
            condition, scores.Count, isAi.Count(a => a), isAi.Count(a => !a),
            bothLabels ? Metrics.Auc(p, isAi) : null, interval?.Low, interval?.High,
            bothLabels ? Metrics.TruePositiveRateAt(p, isAi, FalsePositiveRate) : null,
            Families(scores), scores, skipped);
    }

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
