using System.Globalization;
using System.Text;

namespace Verifier.Cli.Output;

/// <summary>
/// Makes text from a manifest safe to print on a terminal: control characters (which could carry escape sequences
/// from a hostile file) become U+FFFD, and very long values are cut.
/// </summary>
public static class Printable
{
    private const int MaxLength = 200;

    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var cut = text.Length > MaxLength ? text[..MaxLength] + "..." : text;
        var builder = new StringBuilder(cut.Length);
        foreach (var c in cut)
        {
            builder.Append(char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format ? '\uFFFD' : c);
        }

        return builder.ToString();
    }

    /// <summary>A time as the human output shows it, in UTC.</summary>
    public static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
