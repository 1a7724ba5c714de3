using System.Text;
using Verifier.Detector.Reports.Html;

namespace Verifier.Detector.Training.Evaluation.Html;

/// <summary>The ROC curve of each condition with both labels (the original first), one polyline per condition.</summary>
internal static class RocSvg
{
    // Curve colours are classes c0..c3 of the page's style sheet (EvalReportHtml.Css).
    private const int Colours = 4;

    public static void Write(StringBuilder html, IReadOnlyList<ConditionResult> conditions)
    {
        html.Append("<section id=\"roc\">\n<h2>ROC curve (file level)</h2>\n");
        var drawable = conditions.Where(c => c.Auc is not null).ToArray();
        if (drawable.Length == 0)
        {
            html.Append("<p>No condition scored files of both labels: there is no curve.</p>\n</section>\n");
            return;
        }

        UnitSquarePlot.Begin(html, "roc-svg", "ROC curve", "false-positive rate (real files called AI)", "true-positive rate (AI files caught)");
        var legend = new StringBuilder();
        foreach (var (condition, k) in drawable.Select((c, k) => (c, k)))
        {
            var curve = Metrics.RocCurve([.. condition.Scores.Select(s => s.ProbabilityOfAi)], [.. condition.Scores.Select(s => s.Label == "ai")]);
            // A step curve: each threshold moves right (a real file passes) or up (an AI file does), as the AUC counts it.
            var points = string.Join(' ', curve.Select(p => $"{UnitSquarePlot.N(UnitSquarePlot.X(p.FalsePositiveRate))},{UnitSquarePlot.N(UnitSquarePlot.Y(p.TruePositiveRate))}"));
            var colour = $"c{k % Colours}";
            html.Append($"<polyline class=\"roc-curve {colour}\" data-condition=\"{HtmlText.Escape(condition.Condition)}\" points=\"{points}\"/>\n");
            legend.Append($"<li><span class=\"swatch {colour}\"></span>{HtmlText.Escape(condition.Condition)}: AUC {HtmlText.Probability(condition.Auc!.Value)}</li>\n");
        }

        UnitSquarePlot.End(html);
        html.Append($"<ul class=\"legend\">\n{legend}</ul>\n<p class=\"note\">The dashed diagonal is chance.</p>\n</section>\n");
    }
}
