using System.Runtime.CompilerServices;
using Org.BouncyCastle.X509;

namespace Verifier.Provenance.Certificates;

/// <summary>Parses DER certificates from untrusted input without letting a malformed one throw.</summary>
public static class CertificateReader
{
    /// <summary>The certificate, or null when the bytes are not one DER X.509 certificate.</summary>
    public static X509Certificate? TryParse(ReadOnlyMemory<byte> der)
    {
        if (der.IsEmpty)
        {
            return null;
        }

        try
        {
            return new X509Certificate(der.ToArray());
        }
        catch (Exception e) when (MalformedInput.IsParseError(e))
        {
            return null;
        }
    }

    // Trust lists are parsed once per list instance: TrustSettings lists are set at construction and not changed.
    private static readonly ConditionalWeakTable<IReadOnlyList<byte[]>, List<X509Certificate>> ParsedLists = new();

    /// <summary><see cref="ParseAll"/> for a trust list, cached for as long as the list lives.</summary>
    public static IReadOnlyList<X509Certificate> ParseTrustList(IReadOnlyList<byte[]> ders) =>
        ParsedLists.GetValue(ders, list => ParseAll(list));

    /// <summary>The certificates that parse, in order (unparseable anchors are skipped, as c2pa-rs skips them).</summary>
    public static List<X509Certificate> ParseAll(IEnumerable<byte[]> ders) =>
        ders.Select(d => TryParse(d)).OfType<X509Certificate>().ToList();
}
