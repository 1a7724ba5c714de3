using System.Text;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Evaluation;
using static System.FormattableString;

namespace Verifier.Detector.Training.Training;

/// <summary>Turns the folds' file scores into the run's figures (<see cref="LofoReport"/>) and its Markdown table.</summary>
public static class LofoSummary
{
    public static LofoReport Of(IReadOnlyList<LofoFoldResult> folds, TileSet tiles, double cutSeconds, int resamples, int seed)
    {
        resamples = Math.Max(1, resamples);
        var families = new List<LofoFamilyResult>();
        foreach (var fold in folds)
        {
            var real = fold.Scores.Where(s => !s.IsAi).ToArray();
            foreach (var family in fold.Scores.Where(s => s.IsAi).GroupBy(s => s.Family, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                if (real.Length == 0)
                {
                    continue;
                }

                LofoFileScore[] files = [.. family, .. real];
                double[] scores = [.. files.Select(f => f.ProbabilityOfAi)];
                bool[] labels = [.. files.Select(f => f.IsAi)];
                var (low, high) = BootstrapInterval.Auc(scores, labels, resamples, seed);
                families.Add(new LofoFamilyResult(family.Key, fold.Fold, family.Count(), real.Length, Metrics.Auc(scores, labels), low, high,
                    Metrics.TruePositiveRateAt(scores, labels, 0.01)));
            }
        }

        if (families.Count == 0)
        {
            throw new CorpusException("no fold scored both AI and real files: every held-out file was skipped");
        }

        var aucs = families.Select(f => f.Auc).ToArray();
        var (meanLow, meanHigh) = BootstrapInterval.Mean(aucs, resamples, seed);
        var pooled = folds.SelectMany(f => f.Scores).ToArray();
        double[] pooledScores = [.. pooled.Select(s => s.ProbabilityOfAi)];
        bool[] pooledLabels = [.. pooled.Select(s => s.IsAi)];
        var (pooledLow, pooledHigh) = BootstrapInterval.Auc(pooledScores, pooledLabels, resamples, seed);
        return new LofoReport(folds.Count, tiles.Tiles.Count, cutSeconds, families, aucs.Average(), meanLow, meanHigh,
            families.Average(f => f.TprAt1PctFpr), Metrics.Auc(pooledScores, pooledLabels), pooledLow, pooledHigh, folds, tiles.Skipped);
    }

    public static string Markdown(LofoReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Leave-one-family-out: {report.Folds} folds, {report.Families.Count} held-out AI families, {report.TotalTiles} tiles (cut in {report.CutSeconds:0} s)"));
        text.AppendLine();
        text.AppendLine("| AI family | fold | files | real files | AUC | 95% interval | TPR at 1% FPR |");
        text.AppendLine("|---|---:|---:|---:|---:|---|---:|");
        foreach (var f in report.Families)
        {
            text.AppendLine(Invariant($"| {Cell(f.Family)} | {f.Fold} | {f.Files} | {f.RealFiles} | {f.Auc:0.000} | {f.AucLow:0.000}-{f.AucHigh:0.000} | {f.TprAt1PctFpr:0.000} |"));
        }

        text.AppendLine();
        text.AppendLine(Invariant($"Mean AUC over families: {report.MeanAuc:0.000} (95% interval over families {report.MeanAucLow:0.000}-{report.MeanAucHigh:0.000}); mean TPR at 1% FPR {report.MeanTprAt1PctFpr:0.000}"));
        text.AppendLine(Invariant($"Pooled AUC over every fold's held-out files (calibrated per fold): {report.PooledAuc:0.000} ({report.PooledAucLow:0.000}-{report.PooledAucHigh:0.000})"));
        text.AppendLine();
        text.AppendLine("| fold | AI families trained on | held-out files | temperature | train s | model AUC | metadata-only AUC (same files) |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---|");
        foreach (var fold in report.FoldResults)
        {
            double[] scores = [.. fold.Scores.Select(s => s.ProbabilityOfAi)];
            bool[] labels = [.. fold.Scores.Select(s => s.IsAi)];
            var model = labels.Contains(true) && labels.Contains(false) ? Invariant($"{Metrics.Auc(scores, labels):0.000}") : "-";
            var baseline = fold.Baseline is { } b ? Invariant($"{b.Auc:0.000} ({b.AucLow:0.000}-{b.AucHigh:0.000})") : Cell($"none: {fold.BaselineProblem}");
            text.AppendLine(Invariant($"| {fold.Fold} | {fold.TrainAiFamilies} | {fold.Scores.Count} | {fold.Temperature:0.###} | {fold.TrainSeconds:0} | {model} | {baseline} |"));
        }

        if (report.Skipped.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(Invariant($"{report.Skipped.Count} files gave no tiles and are left out."));
        }

        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "/", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
