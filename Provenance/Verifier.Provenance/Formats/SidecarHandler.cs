namespace Verifier.Provenance.Formats;

/// <summary>
/// A sidecar or cloud <c>.c2pa</c> file: the whole file is the raw JUMBF manifest store (media type <c>application/c2pa</c>).
/// Its hard binding is checked against the separate media file, so it reports no store range within an asset.
/// </summary>
public sealed class SidecarHandler : IAssetHandler
{
    public string Name => "c2pa";

    public string MediaType(Stream asset) => "application/c2pa";

    /// <summary>A JUMBF superbox whose description names the <c>c2pa</c> content type: LBox, <c>jumb</c>, LBox, <c>jumd</c>, <c>c2pa</c>.</summary>
    public bool Matches(ReadOnlySpan<byte> header) =>
        header.Length >= 20 && header[4..8].SequenceEqual("jumb"u8) && header[12..16].SequenceEqual("jumd"u8)
        && header[16..20].SequenceEqual("c2pa"u8);

    public LocatedManifest Locate(Stream asset)
    {
        AssetStream.RequireSeekable(asset);
        asset.Position = 0;
        return new LocatedManifest { Store = AssetStream.ReadBlock(asset, asset.Length, AssetStream.MaxStoreBytes, "C2PA manifest store", "the store") };
    }
}
