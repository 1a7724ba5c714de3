using System.Text;
using Verifier.Detector.Reports.Html;

namespace Verifier.Detector.Training.Evaluation.Html;

/// <summary>
/// The reliability diagram of the original files: one bar per p_ai bin, its height the bin's share of AI files, beside the
/// diagonal a calibrated model would follow; then the same bins as a table with the ECE.
/// </summary>
internal static class ReliabilitySvg
{
    public static void Write(StringBuilder html, ConditionResult condition)
    {
        html.Append("<section id=\"reliability\">\n<h2>Calibration: reliability diagram</h2>\n");
        UnitSquarePlot.Begin(html, "reliability-svg", "reliability diagram", "calibrated p(AI)", "share of files that are AI");
        foreach (var bin in condition.Reliability.Where(b => b.Files > 0))
        {
            var (x0, x1) = (UnitSquarePlot.X(bin.Low), UnitSquarePlot.X(bin.High));
            var top = UnitSquarePlot.Y(bin.ShareAi!.Value);
            html.Append($"<rect class=\"bin\" x=\"{UnitSquarePlot.N(x0 + 1)}\" y=\"{UnitSquarePlot.N(top)}\" width=\"{UnitSquarePlot.N(x1 - x0 - 2)}\" ")
                .Append($"height=\"{UnitSquarePlot.N(UnitSquarePlot.Y(0) - top)}\"><title>{bin.Files} files, mean p(AI) ")
                .Append($"{HtmlText.Probability(bin.MeanProbabilityOfAi!.Value)}, AI share {HtmlText.Probability(bin.ShareAi.Value)}</title></rect>\n");
            html.Append($"<circle class=\"mean-p\" cx=\"{UnitSquarePlot.N(UnitSquarePlot.X(bin.MeanProbabilityOfAi.Value))}\" cy=\"{UnitSquarePlot.N(top)}\" r=\"3\"/>\n");
        }

        UnitSquarePlot.End(html);
        html.Append($"<p>Expected calibration error (ECE, {condition.Reliability.Count} equal-width bins): <strong id=\"ece\">{HtmlText.Probability(condition.ExpectedCalibrationError)}</strong>. ")
            .Append("Bars: the share of AI files in each bin; dots: the bin's mean p(AI); a calibrated model's bars reach the diagonal.</p>\n");
        html.Append("<table class=\"reliability\" id=\"reliability-table\">\n<thead><tr><th>p(AI) bin</th><th>Files</th><th>Mean p(AI)</th><th>AI share</th></tr></thead>\n<tbody>\n");
        foreach (var bin in condition.Reliability)
        {
            html.Append($"<tr><td>{HtmlText.Number(bin.Low, "0.0")}-{HtmlText.Number(bin.High, "0.0")}</td><td>{bin.Files}</td>")
                .Append($"<td>{EvalHtmlCells.Figure(bin.MeanProbabilityOfAi)}</td><td>{EvalHtmlCells.Figure(bin.ShareAi)}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }
}
