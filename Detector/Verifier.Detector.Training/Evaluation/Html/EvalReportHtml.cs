using System.Text;
using Verifier.Detector.Model;
using Verifier.Detector.Reports.Html;
using static Verifier.Detector.Training.Evaluation.Html.EvalHtmlCells;

namespace Verifier.Detector.Training.Evaluation.Html;

/// <summary>
/// `verifier eval --report`: one self-contained page (the scan report's shell and strict policy) with the headline
/// figures, the ROC curve, the reliability diagram, the family / media-type / format tables, the verdict band's coverage,
/// the robustness grid, the metadata-only baseline and the model card.
/// </summary>
public static class EvalReportHtml
{
    private const string Css = """
        svg.plot { width: 360px; max-width: 100%; height: auto; display: block; }
        .diagonal { stroke: var(--muted); stroke-dasharray: 4 4; } .roc-curve { fill: none; stroke-width: 2; }
        .bin { fill: #1f5fa8; fill-opacity: 0.45; } .mean-p { fill: var(--ink); }
        .c0 { stroke: #1b1b1b; background: #1b1b1b; } .c1 { stroke: #b3261e; background: #b3261e; }
        .c2 { stroke: #1f5fa8; background: #1f5fa8; } .c3 { stroke: #1e7b34; background: #1e7b34; }
        .swatch { display: inline-block; width: 14px; height: 4px; margin-right: 6px; vertical-align: middle; }
        ul.legend { list-style: none; padding-left: 0; }
        th, td { overflow-wrap: normal; }
        """;

    public static string Render(EvalReport report, ModelCard card)
    {
        var html = new StringBuilder(64 * 1024);
        HtmlPage.Open(html, $"Evaluation: {report.Model}", Css);
        html.Append($"""
            <header>
            <h1>Verifier detector evaluation</h1>
            <p class="file">Model {HtmlText.Escape(report.Model)} (SHA-256 <code>{HtmlText.Escape(report.ModelSha256)}</code>) on {HtmlText.Escape(report.Scope)};
            verdict band: likely real at or below {HtmlText.Probability(report.Band.RealAtMost)}, likely AI at or above {HtmlText.Probability(report.Band.AiAtLeast)}.</p>
            </header>

            """);
        ConditionResult[] conditions = report.Reencoded is { } again ? [report.Original, again] : [report.Original];
        Headline(html, conditions);
        RocSvg.Write(html, conditions);
        ReliabilitySvg.Write(html, report.Original);
        Strata(html, report.Original);
        Robustness(html, report.Robustness);
        Baseline(html, report.Baseline, report.BaselineNote);
        ModelCardSection.Write(html, card);
        html.Append("<footer>Figures are per file, as <code>verifier scan</code> scores it; 95% intervals are percentile bootstraps over files.</footer>\n");
        HtmlPage.Close(html);
        return html.ToString();
    }

    private static void Headline(StringBuilder html, IReadOnlyList<ConditionResult> conditions)
    {
        html.Append("<section id=\"headline\">\n<h2>Figures</h2>\n");
        Table(html, "headline-table",
            ["Condition", "Files (ai / real)", "AUC", "95% interval", "AP", "TPR at 1% FPR", "TPR at 5% FPR", "ECE", "Inconclusive", "Error rate when decided", "Skipped"],
            conditions.Select(c => (IReadOnlyList<string>)
            [
                HtmlText.Escape(c.Condition), $"{c.Files} ({c.AiFiles} / {c.RealFiles})", Figure(c.Auc),
                c.AucLow is { } low && c.AucHigh is { } high ? $"{Figure(low)}-{Figure(high)}" : "-",
                Figure(c.AveragePrecision), Figure(c.TprAt1PctFpr), Figure(c.TprAt5PctFpr), Figure(c.ExpectedCalibrationError),
                Percent(c.Coverage.ShareInconclusive), $"{Percent(c.Coverage.ErrorRateDecided)} of {c.Coverage.Decided}", $"{c.Skipped.Count}",
            ]));
        if (Math.Min(conditions[0].AiFiles, conditions[0].RealFiles) < 1000)
        {
            html.Append("<p class=\"caveat\">Fewer than 1,000 files per label: read the intervals, not the point figures; a set this size shows gross failures only.</p>\n");
        }

        html.Append("</section>\n");
    }

    private static void Strata(StringBuilder html, ConditionResult original)
    {
        html.Append("<section id=\"strata\">\n<h2>Per family, media type and format (original files)</h2>\n<h3>Families</h3>\n");
        Table(html, "families-table", ["Family", "Label", "Files", "Mean p(AI)", "Called AI", "Called real", "Inconclusive", "AUC vs real", "TPR at 1% FPR"],
            original.Families.Select(f => (IReadOnlyList<string>)
            [
                HtmlText.Escape(f.Family), f.Label, $"{f.Files}", Figure(f.MeanProbabilityOfAi), Percent(f.ShareAi), Percent(f.ShareReal),
                Percent(f.ShareInconclusive), Figure(f.Auc), Figure(f.TprAt1PctFpr),
            ]));
        foreach (var (title, id, strata) in new[] { ("Media types", "media-types-table", original.MediaTypes), ("Formats (container/codec)", "formats-table", original.Formats) })
        {
            html.Append($"<h3>{title}</h3>\n");
            Table(html, id, ["Name", "Files (ai / real)", "Mean p(AI)", "Inconclusive", "AUC", "TPR at 1% FPR"],
                strata.Select(s => (IReadOnlyList<string>)
                [
                    HtmlText.Escape(s.Name), $"{s.Files} ({s.AiFiles} / {s.RealFiles})", Figure(s.MeanProbabilityOfAi), Percent(s.ShareInconclusive),
                    Figure(s.Auc), Figure(s.TprAt1PctFpr),
                ]));
        }

        html.Append("</section>\n");
    }

    private static void Robustness(StringBuilder html, IReadOnlyList<RobustnessCell>? grid)
    {
        html.Append("<section id=\"robustness\">\n<h2>Robustness grid</h2>\n");
        if (grid is null)
        {
            html.Append("<p>Not measured in this run (<code>--robustness</code>).</p>\n</section>\n");
            return;
        }

        Table(html, "robustness-table", ["Condition", "Applies to", "Files", "AUC", "95% interval", "TPR at 1% FPR", "Original AUC (same files)", "AUC drop", "Original TPR", "Skipped"],
            grid.Select(c => (IReadOnlyList<string>)
            [
                HtmlText.Escape(c.Condition), c.AppliesTo, $"{c.Files}", Figure(c.Auc),
                c.AucLow is { } low && c.AucHigh is { } high ? $"{Figure(low)}-{Figure(high)}" : "-",
                Figure(c.TprAt1PctFpr), Figure(c.OriginalAuc), Figure(c.AucDrop), Figure(c.OriginalTprAt1PctFpr), $"{c.Skipped.Count}",
            ]));
        html.Append("<p class=\"note\">Each cell degrades real and AI files alike and compares with the original scores of the same files.</p>\n</section>\n");
    }

    private static void Baseline(StringBuilder html, BaselineResult? baseline, string? note)
    {
        html.Append("<section id=\"baseline\">\n<h2>Shortcut audit: metadata-only baseline</h2>\n");
        if (baseline is null)
        {
            html.Append($"<p>{HtmlText.Escape(note)}</p>\n</section>\n");
            return;
        }

        html.Append($"""
            <p>A logistic regression on file metadata alone (size, duration, frame rate, bits per pixel, audio, container, codec,
            file size), {HtmlText.Escape(baseline.Split)}: {baseline.TrainFiles} files of {baseline.TrainFamilies} families to fit,
            {baseline.TestFiles} files of {baseline.TestFamilies} families to test.</p>

            """);
        Table(html, "baseline-table", ["", "AUC on the test files", "95% interval", "AUC on its own training files"],
        [
            ["Metadata only", Figure(baseline.Auc), $"{Figure(baseline.AucLow)}-{Figure(baseline.AucHigh)}", Figure(baseline.TrainAuc)],
            ["The model (pixels)", Figure(baseline.ModelAuc), "", ""],
        ]);
        html.Append("<p class=\"note\">Near 0.5: the format does not give the label away. Above about 0.7: the corpus leaks through metadata, and the model's figures may owe to it.</p>\n</section>\n");
    }
}
