namespace Verifier.Provenance.Formats;

/// <summary>
/// FLAC: c2pa-rs puts the manifest store in an ID3v2 tag in front of the <c>fLaC</c> stream (<see cref="Id3Tag"/>: a
/// GEOB frame, XMP in a PRIV frame). A bare <c>fLaC</c> stream has no store.
/// </summary>
public sealed class FlacHandler : IAssetHandler
{
    private const string Format = "FLAC";

    public string Name => "flac";

    public string MediaType(Stream asset) => "audio/flac";

    /// <summary>A bare FLAC stream. One behind an ID3 tag is recognised by <see cref="FollowsId3Tag"/>.</summary>
    public bool Matches(ReadOnlySpan<byte> header) => header.StartsWith("fLaC"u8);

    /// <summary>True when the ID3 tag that <paramref name="header"/> starts is followed by a FLAC stream.</summary>
    public static bool FollowsId3Tag(Stream asset, ReadOnlySpan<byte> header)
    {
        if (Id3Tag.Length(header) is not { } tagLength || tagLength + 4 > asset.Length)
        {
            return false;
        }

        asset.Position = tagLength;
        Span<byte> marker = stackalloc byte[4];
        bool flac = AssetStream.TryReadExactly(asset, marker) && marker.SequenceEqual("fLaC"u8);
        asset.Position = 0;
        return flac;
    }

    public LocatedManifest Locate(Stream asset)
    {
        AssetStream.RequireSeekable(asset);
        asset.Position = 0;
        Span<byte> header = stackalloc byte[10];
        if (!AssetStream.TryReadExactly(asset, header))
        {
            throw AssetStream.Invalid(Format, $"the file is only {asset.Length} bytes long");
        }

        if (header.StartsWith("fLaC"u8))
        {
            return new LocatedManifest(); // without an ID3 tag there is nowhere for a store
        }

        if (Id3Tag.Length(header) is null)
        {
            throw AssetStream.Invalid(Format, "it starts with neither an ID3 tag nor fLaC");
        }

        if (header[3] is not (2 or 3 or 4))
        {
            throw AssetStream.Invalid(Format, $"invalid ID3 version for FLAC (2.{header[3]})");
        }

        return Id3Tag.Locate(asset); // c2pa-rs 0.91 does not check that fLaC follows the tag
    }
}
