using Spectre.Console;
using Verifier.Detector.Training.Evaluation;

namespace Verifier.Cli.Output;

/// <summary>
/// `verifier eval`'s human output: a headline and a family table per condition, then media-type and format tables, the
/// reliability table, the robustness grid and the metadata baseline's line.
/// </summary>
public static class EvalTables
{
    public static string Headline(ConditionResult result)
    {
        var auc = result.Auc is { } a
            ? $"AUC {a:0.000}" + (result.AucLow is { } low && result.AucHigh is { } high ? $" (95% CI {low:0.000}-{high:0.000})" : "")
            : "AUC n/a (needs files of both labels)";
        var tpr = result.TprAt1PctFpr is { } t ? $"TPR at 1% FPR {t:0.000}, at 5% {result.TprAt5PctFpr:0.000}, AP {result.AveragePrecision:0.000}" : "TPR n/a";
        var coverage = $"ECE {result.ExpectedCalibrationError:0.000}, inconclusive {Percent(result.Coverage.ShareInconclusive)}" +
            (result.Coverage.ErrorRateDecided is { } error ? $", wrong when decided {Percent(error)} of {result.Coverage.Decided}" : "");
        return $"{result.Condition}: {result.Files} files ({result.AiFiles} ai, {result.RealFiles} real), {auc}, {tpr}, {coverage}" +
            (result.Skipped.Count > 0 ? $", {result.Skipped.Count} skipped" : "");
    }

    public static Table Families(ConditionResult result, VerdictBand band)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{result.Condition}: per family (real <= {band.RealAtMost:0.###}, ai >= {band.AiAtLeast:0.###})");
        table.AddColumns("Family", "Label", "n", "mean p_ai", "ai", "real", "inconclusive", "AUC vs real", "TPR@1%FPR");
        foreach (var f in result.Families)
        {
            table.AddRow(
                Markup.Escape(Printable.Clean(f.Family)), f.Label, $"{f.Files}", $"{f.MeanProbabilityOfAi:0.000}",
                Percent(f.ShareAi), Percent(f.ShareReal), Percent(f.ShareInconclusive), Figure(f.Auc), Figure(f.TprAt1PctFpr));
        }

        return table;
    }

    /// <summary>Media types then formats, in one table.</summary>
    public static Table Strata(ConditionResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"{result.Condition}: per media type and format");
        table.AddColumns("Stratum", "n (ai/real)", "mean p_ai", "inconclusive", "AUC", "TPR@1%FPR");
        foreach (var (kind, strata) in new[] { ("type", result.MediaTypes), ("format", result.Formats) })
        {
            foreach (var s in strata)
            {
                table.AddRow(
                    Markup.Escape($"{kind} {Printable.Clean(s.Name)}"), $"{s.Files} ({s.AiFiles}/{s.RealFiles})", $"{s.MeanProbabilityOfAi:0.000}",
                    Percent(s.ShareInconclusive), Figure(s.Auc), Figure(s.TprAt1PctFpr));
            }
        }

        return table;
    }

    public static Table Reliability(ConditionResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"{result.Condition}: reliability (ECE {result.ExpectedCalibrationError:0.000})");
        table.AddColumns("p_ai bin", "n", "mean p_ai", "AI share");
        foreach (var bin in result.Reliability)
        {
            table.AddRow($"{bin.Low:0.0}-{bin.High:0.0}", $"{bin.Files}", Figure(bin.MeanProbabilityOfAi), Figure(bin.ShareAi));
        }

        return table;
    }

    public static Table Robustness(IReadOnlyList<RobustnessCell> grid)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Robustness grid (original figures over the same files)");
        table.AddColumns("Condition", "applies to", "n", "AUC", "95% CI", "TPR@1%FPR", "original AUC", "drop", "original TPR");
        foreach (var c in grid)
        {
            table.AddRow(
                Markup.Escape(c.Condition), c.AppliesTo, $"{c.Files}", Figure(c.Auc),
                c.AucLow is { } low && c.AucHigh is { } high ? $"{low:0.000}-{high:0.000}" : "", Figure(c.TprAt1PctFpr),
                Figure(c.OriginalAuc), Figure(c.AucDrop), Figure(c.OriginalTprAt1PctFpr));
        }

        return table;
    }

    public static string Baseline(EvalReport report) => report.Baseline is { } b
        ? Baseline(b) + $" beside the model's {Figure(b.ModelAuc)} on the same files"
        : Printable.Clean(report.BaselineNote ?? "no metadata baseline");

    public static string Baseline(BaselineResult b) =>
        $"Metadata-only baseline ({b.Split}; {b.TrainFiles} files to fit, {b.TestFiles} to test): AUC {b.Auc:0.000} " +
        $"(95% CI {b.AucLow:0.000}-{b.AucHigh:0.000}; {b.TrainAuc:0.000} on its own training files)";

    /// <summary>The baseline's logistic-regression weights, largest magnitude first: the features that leak the label.</summary>
    public static Table BaselineWeights(BaselineResult b)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Baseline weights (+ leans AI)");
        table.AddColumns("Feature", "weight");
        foreach (var (feature, weight) in b.Weights.OrderByDescending(w => Math.Abs(w.Value)).ThenBy(w => w.Key, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(Printable.Clean(feature)), $"{weight:+0.000;-0.000;0.000}");
        }

        return table;
    }

    private static string Figure(double? value) => value is { } v ? $"{v:0.000}" : "";

    private static string Percent(double share) => $"{share * 100:0}%";
}
