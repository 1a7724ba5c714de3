using System.Globalization;
using System.Net;

namespace Verifier.Detector.Reports.Html;

/// <summary>
/// The one way text reaches the page: everything from the scanned file (names, manifest fields, codes) is hostile input,
/// so it is escaped for element content and quoted attributes alike; numbers are written culture-free.
/// </summary>
public static class HtmlText
{
    /// <summary>Escapes &lt; &gt; &amp; " and ' so the text can sit in element content or a quoted attribute.</summary>
    public static string Escape(string? text) => string.IsNullOrEmpty(text) ? string.Empty : WebUtility.HtmlEncode(text);

    /// <summary>A number with <paramref name="format"/> in the invariant culture, e.g. "0.873" for F3.</summary>
    public static string Number(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A probability as the page shows it: three decimals.</summary>
    public static string Probability(double value) => Number(value, "0.000");

    /// <summary>A time in UTC to the second, e.g. "2026-11-22 20:15:22 UTC".</summary>
    public static string Utc(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
