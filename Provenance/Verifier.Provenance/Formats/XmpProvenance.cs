using System.Text;
using System.Text.RegularExpressions;

namespace Verifier.Provenance.Formats;

/// <summary>
/// Finds the <c>dcterms:provenance</c> remote-manifest URL in an XMP packet, in either of the two serialisations
/// RDF allows (an attribute of <c>rdf:Description</c>, or a child element), as c2pa-rs's XMP reader does.
/// </summary>
public static partial class XmpProvenance
{
    /// <summary>The URL, or null when the packet names none.</summary>
    public static string? Find(ReadOnlySpan<byte> xmp)
    {
        if (xmp.IsEmpty || xmp.Length > AssetStream.MaxXmpBytes)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(xmp);
        try
        {
            var match = Attribute().Match(text);
            if (!match.Success)
            {
                match = Element().Match(text);
            }

            return match.Success ? Unescape(match.Groups["url"].Value.Trim()) : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static string? Unescape(string value) =>
        value.Length == 0 ? null
        : value.Replace("&amp;", "&", StringComparison.Ordinal).Replace("&quot;", "\"", StringComparison.Ordinal)
            .Replace("&apos;", "'", StringComparison.Ordinal).Replace("&lt;", "<", StringComparison.Ordinal)
            .Replace("&gt;", ">", StringComparison.Ordinal);

    // Timeouts keep a hostile packet from making the (linear) patterns a cost worth attacking.
    [GeneratedRegex("""dcterms:provenance\s*=\s*(?:"(?<url>[^"]*)"|'(?<url>[^']*)')""", RegexOptions.None, 1000)]
    private static partial Regex Attribute();

    [GeneratedRegex("""<dcterms:provenance(?:\s[^>]*)?>(?<url>[^<]*)</dcterms:provenance>""", RegexOptions.None, 1000)]
    private static partial Regex Element();
}
