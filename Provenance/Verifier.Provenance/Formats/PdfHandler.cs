using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Formats;

/// <summary>
/// PDF: the manifest store is the embedded file of an associated-file specification (catalog <c>/AF</c>) whose
/// <c>/AFRelationship</c> is <c>/C2PA_Manifest</c>. The data hash excludes that embedded file stream's data. XMP is
/// the catalog's <c>/Metadata</c> stream.
/// </summary>
public sealed class PdfHandler : IAssetHandler
{
    public string Name => "pdf";

    public string MediaType(Stream asset) => "application/pdf";

    public bool Matches(ReadOnlySpan<byte> header) => header.StartsWith("%PDF-"u8);

    public LocatedManifest Locate(Stream asset)
    {
        AssetStream.RequireSeekable(asset);
        try
        {
            var pdf = PdfFile.Open(asset);
            if (pdf.Resolve(pdf.Trailer.GetValueOrDefault("Root")) is not Dictionary<string, object?> catalog)
            {
                throw new FormatException("the trailer's /Root is not a dictionary");
            }

            var stores = new List<(Dictionary<string, object?> Dict, ByteRange Data)>();
            foreach (var item in pdf.Resolve(catalog.GetValueOrDefault("AF")) as List<object?> ?? [])
            {
                if (pdf.Resolve(item) is Dictionary<string, object?> spec
                    && pdf.Resolve(spec.GetValueOrDefault("AFRelationship")) is PdfName { Value: "C2PA_Manifest" }
                    && pdf.Resolve(spec.GetValueOrDefault("EF")) is Dictionary<string, object?> ef
                    && pdf.ResolveStream(ef.GetValueOrDefault("F")) is { } stream)
                {
                    stores.Add(stream);
                }
            }

            string? remoteUrl = ReadXmpUrl(pdf, asset, catalog);
            if (stores.Count == 0)
            {
                return new LocatedManifest { RemoteUrl = remoteUrl };
            }

            if (stores.Count > 1)
            {
                throw new ProvenanceReadException(ReadError.InvalidAsset, "c2pa-rs only supports reading PDFs with one manifest");
            }

            var (dict, data) = stores[0];
            var store = Decode(asset, dict, data, AssetStream.MaxStoreBytes)
                ?? throw AssetStream.Invalid(PdfFile.Format, "the C2PA embedded file's filter is not supported or its data is corrupt");
            return new LocatedManifest { Store = store, StoreRanges = [data], RemoteUrl = remoteUrl };
        }
        catch (FormatException e)
        {
            throw AssetStream.Invalid(PdfFile.Format, e.Message);
        }
    }

    private static string? ReadXmpUrl(PdfFile pdf, Stream asset, Dictionary<string, object?> catalog)
    {
        if (pdf.ResolveStream(catalog.GetValueOrDefault("Metadata")) is not { } metadata || metadata.Data.Length > AssetStream.MaxXmpBytes)
        {
            return null;
        }

        return Decode(asset, metadata.Dict, metadata.Data, AssetStream.MaxXmpBytes) is { } xmp ? XmpProvenance.Find(xmp) : null;
    }

    /// <summary>The stream's data, unfiltered or Flate-decoded within <paramref name="cap"/>; null for other filters or bad data.</summary>
    private static byte[]? Decode(Stream asset, Dictionary<string, object?> dict, ByteRange data, int cap)
    {
        asset.Position = data.Start;
        var raw = AssetStream.ReadBlock(asset, data.Length, cap, PdfFile.Format, "stream");
        return dict.GetValueOrDefault("Filter") switch
        {
            null => raw,
            PdfName { Value: "FlateDecode" } => AssetStream.Inflate(raw, cap),
            List<object?> { Count: 1 } list when list[0] is PdfName { Value: "FlateDecode" } => AssetStream.Inflate(raw, cap),
            _ => null,
        };
    }
}
