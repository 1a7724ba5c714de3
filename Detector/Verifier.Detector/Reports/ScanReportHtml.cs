using System.Text;
using Verifier.Detector.Reports.Html;

namespace Verifier.Detector.Reports;

/// <summary>
/// The scan report as one self-contained HTML page an investigator can file or print: the model's verdict beside the
/// file's provenance, the timeline, key frames with tile heatmaps, the file's facts and the model card. Pictures are
/// data: URIs and the style sheet is inline; the page has no script and its Content-Security-Policy forbids any request.
/// </summary>
public static class ScanReportHtml
{
    /// <summary>Inline styles and data: images only: nothing may load, connect or run.</summary>
    public const string ContentSecurityPolicy = HtmlPage.ContentSecurityPolicy;

    public static string Render(ScanOutcome outcome)
    {
        var report = outcome.Report;
        var thresholds = outcome.Card.Thresholds;
        var keyFrames = KeyFrame.Match(outcome);
        var file = HtmlText.Escape(report.File);
        var html = new StringBuilder(4096 + outcome.Pictures.Sum(p => p.Jpeg.Length) * 3);
        HtmlPage.Open(html, $"Scan report: {report.File}");
        html.Append($"""
            <header>
            <h1>Verifier scan report</h1>
            <p class="file" id="file-name">{file}</p>
            </header>
            <div class="summary">

            """);
        VerdictPanel.Write(html, report, thresholds);
        ProvenancePanel.Write(html, report.Provenance);
        html.Append("</div>\n");
        TimelineSvg.Write(html, report, thresholds);
        KeyFramesSection.Write(html, keyFrames);
        HeatmapSection.Write(html, keyFrames, thresholds);
        FileFactsSection.Write(html, report);
        ModelCardSection.Write(html, outcome.Card);
        html.Append($"""
            <footer>Written by {HtmlText.Escape(report.Tool.Name)} {HtmlText.Escape(report.Tool.Version)} for the file with
            SHA-256 {HtmlText.Escape(report.Sha256)}, analysed at {HtmlText.Utc(report.AnalyzedAt)}.</footer>

            """);
        HtmlPage.Close(html);
        return html.ToString();
    }
}
