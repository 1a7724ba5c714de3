using System.Text;

namespace Verifier.Detector.Reports.Html;

/// <summary>
/// The shell every self-contained report page shares: the strict Content-Security-Policy, the one inline style sheet,
/// the title; pictures are data: URIs and nothing may load, connect or run. The markup is also well-formed XML.
/// </summary>
public static class HtmlPage
{
    /// <summary>Inline styles and data: images only: nothing may load, connect or run.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// Writes everything up to and including <c>&lt;body&gt;</c>; <paramref name="title"/> is escaped here, and
    /// <paramref name="extraCss"/> (the page's own rules, a constant) follows the shared style sheet.
    /// </summary>
    public static void Open(StringBuilder html, string title, string extraCss = "") => html.Append($"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta http-equiv="Content-Security-Policy" content="{ContentSecurityPolicy}"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="referrer" content="no-referrer"/>
        <title>{HtmlText.Escape(title)}</title>
        <style>
        {ReportStyles.Css}
        {extraCss}
        </style>
        </head>
        <body>

        """);

    public static void Close(StringBuilder html) => html.Append("</body>\n</html>\n");
}
