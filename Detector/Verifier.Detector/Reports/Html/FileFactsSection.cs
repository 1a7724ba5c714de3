using System.Text;

namespace Verifier.Detector.Reports.Html;

/// <summary>What was analysed, with what and when: the facts an investigator files with the verdict.</summary>
internal static class FileFactsSection
{
    public static void Write(StringBuilder html, ScanReport report)
    {
        var media = report.Media;
        var isVideo = report.MediaType == MediaTypes.Video;
        html.Append("<section id=\"facts\">\n<h2>File and analysis</h2>\n<table class=\"facts\">\n");
        Row(html, "File", report.File);
        Row(html, "SHA-256", report.Sha256, "sha256");
        Row(html, "Media type", report.MediaType);
        Row(html, "Frame size", $"{media.Width} x {media.Height} pixels");
        if (isVideo)
        {
            Row(html, "Duration", $"{HtmlText.Number(media.DurationSeconds, "0.00")} s");
            Row(html, "Frame rate", $"{HtmlText.Number(media.FramesPerSecond, "0.###")} frames/s");
            Row(html, "Audio", media.HasAudio ? "yes" : "no");
        }

        Row(html, isVideo ? "Codec" : "Format", media.Codec);
        Row(html, "Frames scored", $"{report.Frames.Count} ({report.Frames.Sum(f => f.Tiles.Count)} tiles)");
        Row(html, "Tool", $"{report.Tool.Name} {report.Tool.Version}");
        Row(html, "Model", $"{report.Model.Name} {report.Model.Version}");
        Row(html, "Model SHA-256", report.Model.Sha256, "model-sha256");
        Row(html, "Analysed at", HtmlText.Utc(report.AnalyzedAt));
        Row(html, "Time taken", Timing(report));
        html.Append("</table>\n</section>\n");
    }

    private static string Timing(ScanReport report)
    {
        var total = $"{HtmlText.Number(report.TimingMs, "0")} ms";
        return report.StagesMs.Count == 0
            ? total
            : total + " (" + string.Join(", ", report.StagesMs.Select(s => $"{s.Key} {HtmlText.Number(s.Value, "0")} ms")) + ")";
    }

    /// <summary>One row; the value is escaped here (it may come from the file), <paramref name="id"/> is ours.</summary>
    private static void Row(StringBuilder html, string name, string value, string? id = null)
    {
        var idAttribute = id is null ? string.Empty : $" id=\"{id}\"";
        html.Append($"<tr><th scope=\"row\">{name}</th><td{idAttribute}>{HtmlText.Escape(value)}</td></tr>\n");
    }
}
