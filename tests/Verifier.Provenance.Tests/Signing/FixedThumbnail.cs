using Verifier.Provenance.Signing;

namespace Verifier.Provenance.Tests.Signing;

/// <summary>A thumbnail maker that hands back one fixed image (or none) and records each call.</summary>
internal sealed class FixedThumbnail(Thumbnail? thumbnail) : IThumbnailMaker
{
    public List<(string Path, string MediaType)> Calls { get; } = [];

    public Thumbnail? Make(string assetPath, string mediaType)
    {
        lock (Calls)
        {
            Calls.Add((assetPath, mediaType));
        }

        return thumbnail;
    }
}
