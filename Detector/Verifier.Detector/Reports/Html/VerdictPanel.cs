using System.Text;
using Verifier.Detector.Model;

namespace Verifier.Detector.Reports.Html;

/// <summary>
/// The model's verdict in large words, its calibrated score, what the card's band means, what a score is not, and the
/// scanner's notes on this file.
/// </summary>
internal static class VerdictPanel
{
    public static void Write(StringBuilder html, ScanReport report, DecisionThresholds thresholds)
    {
        var (words, css) = Words(report.Verdict);
        var (real, ai) = (HtmlText.Probability(thresholds.RealAtMost), HtmlText.Probability(thresholds.AiAtLeast));
        html.Append($"""
            <section class="panel verdict {css}" id="verdict">
            <h2>Model verdict</h2>
            <p class="verdict-words">{words}</p>
            <p class="score">p(AI) = <strong id="p-ai">{HtmlText.Probability(report.ProbabilityOfAi)}</strong></p>
            <p class="band">The model's calibrated probability that the file is AI-generated. At or above {ai}: likely AI-generated;
            at or below {real}: likely real (camera); between the two: inconclusive.</p>
            <p class="caveat">This score is statistical evidence from a machine-learning model, not proof. It can be wrong, most
            often on generators and re-encodings the model was not trained on (see the model card below), and it does not use the
            file's provenance.</p>

            """);
        if (report.Notes.Count > 0)
        {
            // What the scanner saw that limits the score (a frame smaller than a tile, heavy JPEG), beside the score itself.
            html.Append("<ul class=\"notes\" id=\"notes\">\n");
            foreach (var note in report.Notes)
            {
                html.Append($"<li>{HtmlText.Escape(note)}</li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("</section>\n\n");
    }

    /// <summary>The verdict in words and its CSS class; an unknown value is shown as given.</summary>
    public static (string Words, string Css) Words(string verdict) => verdict switch
    {
        "ai" => ("Likely AI-generated", "verdict-ai"),
        "real" => ("Likely real (camera)", "verdict-real"),
        "inconclusive" => ("Inconclusive", "verdict-inconclusive"),
        _ => ($"Unknown verdict '{HtmlText.Escape(verdict)}'", "verdict-inconclusive"),
    };
}
