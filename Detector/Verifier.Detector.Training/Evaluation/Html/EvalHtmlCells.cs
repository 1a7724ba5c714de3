using System.Text;
using Verifier.Detector.Reports.Html;

namespace Verifier.Detector.Training.Evaluation.Html;

/// <summary>Table plumbing for the evaluation page: a header row, escaped rows, figures to three decimals, "-" for none.</summary>
internal static class EvalHtmlCells
{
    public static string Figure(double? value) => value is { } v ? HtmlText.Probability(v) : "-";

    public static string Percent(double? share) => share is { } s ? HtmlText.Number(s * 100, "0") + "%" : "-";

    /// <summary>A table whose cells the caller already escaped or formatted.</summary>
    public static void Table(StringBuilder html, string id, IReadOnlyList<string> headings, IEnumerable<IReadOnlyList<string>> rows)
    {
        html.Append($"<table id=\"{id}\">\n<thead><tr>");
        foreach (var heading in headings)
        {
            html.Append($"<th>{HtmlText.Escape(heading)}</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append($"<td>{cell}</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }
}
