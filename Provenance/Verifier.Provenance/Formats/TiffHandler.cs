namespace Verifier.Provenance.Formats;

/// <summary>
/// TIFF (and BigTIFF): the manifest store is the value of tag 0xCD41 (type UNDEFINED) in the first IFD; XMP is tag
/// 0x02BC. The page chain and SubIFD lists are capped as c2pa-rs caps them (2000 pages, 1000 subfiles).
/// </summary>
public sealed class TiffHandler : IAssetHandler
{
    private const string Format = "TIFF";
    private const ushort C2paTag = 0xCD41;
    private const ushort XmpTag = 0x02BC;
    private const ushort SubIfdTag = 0x014A;
    public const int MaxPages = 2000;
    public const int MaxSubfiles = 1000;

    public string Name => "tiff";

    public string MediaType(Stream asset) => "image/tiff";

    public bool Matches(ReadOnlySpan<byte> header) =>
        header.Length >= 4 && (header[..4].SequenceEqual("II*\0"u8) || header[..4].SequenceEqual("MM\0*"u8)
            || header[..4].SequenceEqual("II+\0"u8) || header[..4].SequenceEqual("MM\0+"u8));

    public LocatedManifest Locate(Stream asset)
    {
        var tiff = TiffReader.Open(asset);
        LocatedManifest? found = null;
        string? remoteUrl = null;
        var visited = new HashSet<long>();
        long ifd = tiff.FirstIfd;
        for (int page = 0; ifd != 0 && visited.Add(ifd); page++)
        {
            if (page >= MaxPages)
            {
                throw AssetStream.Invalid(Format, "TIFF file has too many pages");
            }

            var entries = tiff.ReadIfd(ifd, out long next);
            foreach (var entry in entries)
            {
                if (entry.Tag == SubIfdTag && entry.Count > MaxSubfiles)
                {
                    throw new Validation.ProvenanceReadException(Validation.ReadError.InvalidAsset, "TIFF file has too many subfiles");
                }

                if (page != 0)
                {
                    continue;
                }

                if (entry.Tag == C2paTag && found is null)
                {
                    AssetStream.MoveTo(asset, tiff.ValueOffset(entry), Format, "the C2PA tag");
                    var store = AssetStream.ReadBlock(asset, entry.Count, AssetStream.MaxStoreBytes, Format, "C2PA tag value");
                    found = new LocatedManifest
                    {
                        Store = store,
                        StoreRanges = [new ByteRange(entry.CountOffset, tiff.CountSize), new ByteRange(tiff.ValueOffset(entry), entry.Count)],
                    };
                }
                else if (entry.Tag == XmpTag && entry.Count <= AssetStream.MaxXmpBytes && remoteUrl is null)
                {
                    AssetStream.MoveTo(asset, tiff.ValueOffset(entry), Format, "the XMP tag");
                    remoteUrl = XmpProvenance.Find(AssetStream.ReadBlock(asset, entry.Count, AssetStream.MaxXmpBytes, Format, "XMP tag value"));
                }
            }

            ifd = next;
        }

        return found is null
            ? new LocatedManifest { RemoteUrl = remoteUrl }
            : new LocatedManifest { Store = found.Store, StoreRanges = found.StoreRanges, RemoteUrl = remoteUrl };
    }
}
