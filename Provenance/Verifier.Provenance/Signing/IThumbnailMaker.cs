namespace Verifier.Provenance.Signing;

/// <summary>
/// Makes the claim thumbnail of the asset being signed. A seam so Provenance need not decode media: the CLI plugs in
/// Verifier.Media's maker.
/// </summary>
public interface IThumbnailMaker
{
    /// <summary>The thumbnail of <paramref name="assetPath"/> (of <paramref name="mediaType"/>), or null when none can be made.</summary>
    Thumbnail? Make(string assetPath, string mediaType);
}
