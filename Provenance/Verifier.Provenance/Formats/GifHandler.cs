using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Formats;

/// <summary>
/// GIF: the manifest store is the sub-block data of an application extension <c>C2PA_GIF</c> (authentication code
/// 01 00 00) before the first image; XMP is the <c>XMP DataXMP</c> application extension. The data hash excludes the
/// whole extension block, introducer to terminator.
/// </summary>
public sealed class GifHandler : IAssetHandler
{
    public string Name => "gif";

    public string MediaType(Stream asset) => "image/gif";

    public bool Matches(ReadOnlySpan<byte> header) => header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8);

    public LocatedManifest Locate(Stream asset)
    {
        GifBlock? store = null;
        GifBlock? xmp = null;
        bool beforeImage = true;
        try
        {
            foreach (var block in GifBlocks.Read(asset))
            {
                if (block.Kind == GifBlockKind.C2paExtension && beforeImage && store is null)
                {
                    store = block;
                }
                else if (block.Kind == GifBlockKind.XmpExtension && xmp is null)
                {
                    xmp = block;
                }
                else if (block.Kind == GifBlockKind.Image)
                {
                    beforeImage = false;
                }
            }
        }
        catch (ProvenanceReadException) when (store is not null || !beforeImage)
        {
            // c2pa-rs stops looking for the store at the first image and at the store itself: damage after either
            // does not keep it from reading the store (it only loses an XMP block not yet reached).
        }

        string? remoteUrl = xmp is { } x ? ReadXmpUrl(asset, x) : null;
        if (store is not { } s)
        {
            return new LocatedManifest { RemoteUrl = remoteUrl };
        }

        var data = GifBlocks.ReadSubBlocks(asset, s.DataStart, AssetStream.MaxStoreBytes)
            ?? throw AssetStream.Invalid(GifBlocks.Format, $"the C2PA extension at offset {s.Start} is over the {AssetStream.MaxStoreBytes}-byte limit");
        return new LocatedManifest { Store = data, StoreRanges = [s.Range], RemoteUrl = remoteUrl };
    }

    /// <summary>The walk has been through this block's sub-blocks, so they lie inside the file.</summary>
    private static string? ReadXmpUrl(Stream asset, GifBlock block) =>
        GifBlocks.ReadSubBlocks(asset, block.DataStart, AssetStream.MaxXmpBytes) is { } xmp ? XmpProvenance.Find(xmp) : null;
}
