using System.Text;

namespace Verifier.Provenance.Formats.Bmff;

/// <summary>
/// The XMP packet of an ISO BMFF file (top-level <c>uuid</c> box BE7ACFCB-97A9-42E8-9C71-999491E3AFAC, packet right
/// after the extended type) and the remote-manifest URL it may carry in <c>dcterms:provenance</c>.
/// </summary>
internal static class BmffXmp
{
    /// <summary>Bigger XMP packets are ignored rather than loaded.</summary>
    private const long MaxXmp = 16 * 1024 * 1024;

    private static ReadOnlySpan<byte> Uuid =>
        [0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC];

    public static bool IsXmp(BmffBox box) => box.Type == "uuid" && box.UserType is { } u && Uuid.SequenceEqual(u);

    /// <summary>The <c>dcterms:provenance</c> URL of the XMP box, or null.</summary>
    public static string? ProvenanceUrl(Stream stream, BmffBox box)
    {
        long start = box.Offset + box.HeaderSize + 16;
        long length = box.End - start;
        if (length <= 0 || length > MaxXmp)
        {
            return null;
        }

        var bytes = new byte[length];
        stream.Position = start;
        stream.ReadExactly(bytes);
        return FindProvenance(Encoding.UTF8.GetString(bytes));
    }

    /// <summary>Finds <c>dcterms:provenance</c> written as an attribute or as an element.</summary>
    internal static string? FindProvenance(string xmp)
    {
        const string name = "dcterms:provenance";
        int at = 0;
        while ((at = xmp.IndexOf(name, at, StringComparison.Ordinal)) >= 0)
        {
            int after = at + name.Length;
            int p = after;
            while (p < xmp.Length && char.IsWhiteSpace(xmp[p]))
            {
                p++;
            }

            if (p < xmp.Length && xmp[p] == '=' && at > 0 && xmp[at - 1] != '<')
            {
                p++;
                while (p < xmp.Length && char.IsWhiteSpace(xmp[p]))
                {
                    p++;
                }

                if (p < xmp.Length && xmp[p] is '"' or '\'')
                {
                    char quote = xmp[p];
                    int end = xmp.IndexOf(quote, p + 1);
                    if (end > p)
                    {
                        return Unescape(xmp[(p + 1)..end]);
                    }
                }
            }
            else if (at > 0 && xmp[at - 1] == '<')
            {
                int open = xmp.IndexOf('>', after);
                int close = open < 0 ? -1 : xmp.IndexOf("</" + name, open, StringComparison.Ordinal);
                if (close > open && xmp[open - 1] != '/')
                {
                    return Unescape(xmp[(open + 1)..close].Trim());
                }
            }

            at = after;
        }

        return null;
    }

    private static string Unescape(string s) => s.Replace("&quot;", "\"", StringComparison.Ordinal)
        .Replace("&apos;", "'", StringComparison.Ordinal).Replace("&lt;", "<", StringComparison.Ordinal)
        .Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
}
