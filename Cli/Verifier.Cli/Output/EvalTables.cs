using Spectre.Console;
using Verifier.Detector.Training.Evaluation;

namespace Verifier.Cli.Output;

/// <summary>`verifier eval`'s human output: one headline and one family table per condition.</summary>
public static class EvalTables
{
    public static string Headline(ConditionResult result)
    {
        var auc = result.Auc is { } a
            ? $"AUC {a:0.000}" + (result.AucLow is { } low && result.AucHigh is { } high ? $" (95% CI {low:0.000}-{high:0.000})" : "")
            : "AUC n/a (needs files of both labels)";
        var tpr = result.TprAt1PctFpr is { } t ? $"TPR at 1% FPR {t:0.000}" : "TPR n/a";
        return $"{result.Condition}: {result.Files} files ({result.AiFiles} ai, {result.RealFiles} real), {auc}, {tpr}" +
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
                Percent(f.ShareAi), Percent(f.ShareReal), Percent(f.ShareInconclusive),
                f.Auc is { } auc ? $"{auc:0.000}" : "", f.TprAt1PctFpr is { } tpr ? $"{tpr:0.000}" : "");
        }

        return table;
    }

    private static string Percent(double share) => $"{share * 100:0}%";
}
