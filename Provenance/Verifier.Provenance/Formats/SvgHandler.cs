using System.Text;

namespace Verifier.Provenance.Formats;

/// <summary>
/// SVG (and other XML c2pa-rs reads as SVG): the manifest store is the base64 text of
/// <c>/svg/metadata/c2pa:manifest</c>. The data hash excludes that text, measured as c2pa-rs measures it: from just
/// after the start tag, for the length of the store re-encoded in base64. XMP is an <c>xpacket</c> anywhere in the file.
/// </summary>
public sealed class SvgHandler : IAssetHandler
{
    private const string Format = "SVG";

    /// <summary>SVG is read whole; larger files than this are refused (a 64 MB store is about 86 MB of base64).</summary>
    public const int MaxSvgBytes = 128 * 1024 * 1024;

    private const string XmpPacketId = "W5M0MpCehiHzreSzNTczkc9d";

    public string Name => "svg";

    public string MediaType(Stream asset) => "image/svg+xml";

    public bool Matches(ReadOnlySpan<byte> header)
    {
        var text = header.StartsWith("\uFEFF"u8) ? header[3..] : header;
        text = text.TrimStart(" \t\r\n"u8);
        return text.StartsWith("<svg"u8) || text.StartsWith("<?xml"u8) || text.StartsWith("<!DOCTYPE svg"u8);
    }

    public LocatedManifest Locate(Stream asset)
    {
        AssetStream.RequireSeekable(asset);
        asset.Position = 0;
        var xml = AssetStream.ReadBlock(asset, asset.Length, MaxSvgBytes, Format, "the document");
        var path = new List<string>();
        byte[]? store = null;
        int insertionPoint = 0;
        int xmpStart = -1;
        string? remoteUrl = null;
        try
        {
            foreach (var e in XmlScanner.Scan(xml))
            {
                switch (e.Kind)
                {
                    case XmlEventKind.Start:
                        path.Add(e.Name);
                        if (IsSvgPath(path))
                        {
                            insertionPoint = e.End; // c2pa-rs's manifest position: after the last svg/metadata/manifest start
                        }

                        break;
                    case XmlEventKind.End:
                        path.RemoveAt(path.Count - 1);
                        break;
                    case XmlEventKind.Text when IsManifestPath(path):
                        store = DecodeBase64(xml.AsSpan(e.ContentStart, e.ContentEnd - e.ContentStart));
                        break;
                    case XmlEventKind.ProcessingInstruction:
                        ReadXmp(xml, e, ref xmpStart, ref remoteUrl);
                        break;
                }
            }
        }
        catch (FormatException f)
        {
            throw AssetStream.Invalid(Format, f.Message);
        }

        if (store is not { Length: > 0 })
        {
            return new LocatedManifest { RemoteUrl = remoteUrl };
        }

        long encodedLength = (store.Length + 2L) / 3 * 4;
        return new LocatedManifest { Store = store, StoreRanges = [new ByteRange(insertionPoint, encodedLength)], RemoteUrl = remoteUrl };
    }

    private static bool IsSvgPath(List<string> path) =>
        path[0] == "svg" && (path.Count == 1 || path.Count >= 2 && path[1] == "metadata" && (path.Count == 2 || IsManifestPath(path)));

    private static bool IsManifestPath(List<string> path) =>
        path.Count == 3 && path[0] == "svg" && path[1] == "metadata" && path[2] == "c2pa:manifest";

    /// <summary>c2pa-rs's XMP is the bytes from the <c>xpacket begin</c> PI to the start of the next <c>xpacket</c> PI's end.</summary>
    private static void ReadXmp(byte[] xml, XmlEvent pi, ref int xmpStart, ref string? remoteUrl)
    {
        if (remoteUrl is not null || pi.ContentEnd - pi.ContentStart > AssetStream.MaxXmpBytes)
        {
            return;
        }

        var content = Encoding.UTF8.GetString(xml, pi.ContentStart, pi.ContentEnd - pi.ContentStart);
        if (!content.Contains("xpacket", StringComparison.Ordinal))
        {
            return;
        }

        if (content.Contains(XmpPacketId, StringComparison.Ordinal))
        {
            xmpStart = pi.ContentStart - 2;
        }
        else if (xmpStart >= 0 && pi.End - xmpStart <= AssetStream.MaxXmpBytes)
        {
            remoteUrl = XmpProvenance.Find(xml.AsSpan(xmpStart, pi.End - xmpStart));
        }
    }

    /// <summary>Strict standard base64 as c2pa-rs decodes it: no whitespace, padding only at the end.</summary>
    private static byte[] DecodeBase64(ReadOnlySpan<byte> text)
    {
        var decoded = new byte[text.Length / 4 * 3];
        if (text.Length % 4 != 0 || text.IndexOfAny(" \t\r\n"u8) >= 0
            || System.Buffers.Text.Base64.DecodeFromUtf8(text, decoded, out int consumed, out int written) != System.Buffers.OperationStatus.Done
            || consumed != text.Length)
        {
            throw new FormatException("XML bad base64 encoding");
        }

        return decoded[..written];
    }
}
