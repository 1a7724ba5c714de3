using System.Text;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Certificates;

/// <summary>Builds <see cref="TrustSettings"/> from PEM bundle files (the CLI's --trust, --tsa-trust, --allowed).</summary>
public static class TrustSettingsLoader
{
    /// <summary>PEM bundles bigger than this are not trust lists (the C2PA list is well under 1 MB).</summary>
    public const long MaxBundleBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Loads anchors, TSA anchors (null: the signer anchors, as c2pa-rs) and the allowed list from PEM files; a null path
    /// means none. <paramref name="extraEkus"/> are dotted OIDs, one per line, as c2pa-rs's <c>trust_config</c>.
    /// </summary>
    /// <exception cref="ProvenanceReadException">A file cannot be read or holds no certificate.</exception>
    public static TrustSettings FromPemFiles(string? anchorsPem, string? tsaAnchorsPem = null, string? allowedPem = null,
        string? extraEkus = null) => new()
    {
        Anchors = anchorsPem is null ? [] : ReadBundle(anchorsPem),
        TsaAnchors = tsaAnchorsPem is null ? null : ReadBundle(tsaAnchorsPem),
        Allowed = allowedPem is null ? [] : ReadBundle(allowedPem),
        ExtraEkus = extraEkus is null ? [] : ParseEkus(File.ReadAllText(extraEkus)),
    };

    /// <summary>The DER certificates of every <c>BEGIN CERTIFICATE</c> block in <paramref name="pem"/>.</summary>
    public static List<byte[]> ParsePem(string pem)
    {
        const string begin = "-----BEGIN CERTIFICATE-----", end = "-----END CERTIFICATE-----";
        var result = new List<byte[]>();
        int pos = 0;
        while ((pos = pem.IndexOf(begin, pos, StringComparison.Ordinal)) >= 0)
        {
            int start = pos + begin.Length;
            int stop = pem.IndexOf(end, start, StringComparison.Ordinal);
            if (stop < 0)
            {
                break;
            }

            var body = new StringBuilder(stop - start);
            foreach (char c in pem.AsSpan(start, stop - start))
            {
                if (!char.IsWhiteSpace(c))
                {
                    body.Append(c);
                }
            }

            try
            {
                result.Add(Convert.FromBase64String(body.ToString()));
            }
            catch (FormatException)
            {
                // A damaged block is skipped; the caller learns of it when nothing at all was read.
            }

            pos = stop + end.Length;
        }

        return result;
    }

    /// <summary>Dotted OIDs, one per line; other lines (comments, blanks) are ignored as c2pa-rs ignores them.</summary>
    public static List<string> ParseEkus(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(IsOid).ToList();

    private static bool IsOid(string s) =>
        s.Length > 2 && s.Contains('.', StringComparison.Ordinal) && s.All(c => char.IsAsciiDigit(c) || c == '.')
        && !s.StartsWith('.') && !s.EndsWith('.') && !s.Contains("..", StringComparison.Ordinal);

    private static List<byte[]> ReadBundle(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxBundleBytes)
            {
                throw new ProvenanceReadException(ReadError.Io, $"{path}: {info.Length} bytes is too large for a PEM trust bundle");
            }

            var certs = ParsePem(File.ReadAllText(path));
            return certs.Count > 0 ? certs
                : throw new ProvenanceReadException(ReadError.Io, $"{path}: no PEM certificate found");
        }
        catch (IOException e)
        {
            throw new ProvenanceReadException(ReadError.Io, $"{path}: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ProvenanceReadException(ReadError.Io, $"{path}: {e.Message}", e);
        }
    }
}
