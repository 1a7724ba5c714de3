using Verifier.Detector.Reports;
using Verifier.Media;

namespace Verifier.Detector.Training.Data;

/// <summary>
/// Decodes corpus items through Verifier.Media (Skia for images, ffmpeg for clips, at native resolution) and cuts
/// degraded tiles from them; a clip may first be re-encoded as H.264 at a random CRF, and at another frame rate
/// (<see cref="ClipReencoder"/>). For a net of T frames a sample is T consecutive frames of a run, cut at one place with
/// one set of degradations (an image, or a run cut short by the clip's end, repeats its last tile, as the scanner
/// does). Each item draws from its own seeded generator, so the tiles depend on the seed and the item alone. An item
/// that cannot be decoded is skipped and named, never fatal.
/// </summary>
public sealed class TileSetBuilder(FfmpegTools tools, TileCutter cutter, TileSampling sampling, AugmentationOptions augmentation)
{
    /// <summary>Where re-encoded clips live while their frames are cut (the system temp folder unless set).</summary>
    public string ScratchFolder { get; init; } = Path.GetTempPath();

    public async Task<TileSet> BuildAsync(
        IReadOnlyList<CorpusItem> items, int seed, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        var tiles = new List<TrainingTile>();
        var skipped = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var item = items[i];
            var random = new Random(unchecked((seed * 1_000_003) + StableHash(item.Family + "/" + Path.GetFileName(item.Path))));
            try
            {
                var before = tiles.Count;
                await ForEachWindowAsync(item, random, (frames, count) =>
                {
                    for (var t = 0; t < count && cutter.Cut(frames, random) is { } cut; t++)
                    {
                        tiles.Add(new TrainingTile(RepeatLastFrame(cut.Rgb, frames.Count), item.IsAi, item.Family, item.Path));
                    }
                }, cancellation).ConfigureAwait(false);

                if (tiles.Count == before)
                {
                    skipped.Add($"{item.Path}: smaller than a {cutter.TileSize}x{cutter.TileSize} tile");
                }
            }
            catch (MediaException e)
            {
                skipped.Add(e.Message);
            }

            if ((i + 1) % 25 == 0 || i + 1 == items.Count)
            {
                progress?.Report($"tiles: {i + 1}/{items.Count} items, {tiles.Count} tiles, {skipped.Count} skipped");
            }
        }

        return new TileSet(tiles, skipped);
    }

    /// <summary>Hands each window of frames to cut (one frame, or up to T consecutive ones) with its tile count, in a fixed order.</summary>
    private async Task ForEachWindowAsync(CorpusItem item, Random random, Action<IReadOnlyList<Frame>, int> onWindow, CancellationToken cancellation)
    {
        if (item.MediaType == MediaTypes.Image)
        {
            onWindow([ImageDecoder.Decode(item.Path)], sampling.TilesPerImage);
            return;
        }

        using var reencoded = await new ClipReencoder(tools, augmentation, ScratchFolder).DrawAsync(item.Path, random, cancellation).ConfigureAwait(false);
        try
        {
            await ClipWindowsAsync(reencoded?.Path ?? item.Path, onWindow, cancellation).ConfigureAwait(false);
        }
        catch (MediaException e) when (reencoded is not null)
        {
            // Name the corpus file, not the temporary one.
            throw new MediaException(e.Kind, $"{item.Path}: decoding its {reencoded.Description} re-encode failed: {e.Message}", e);
        }
    }

    private async Task ClipWindowsAsync(string path, Action<IReadOnlyList<Frame>, int> onWindow, CancellationToken cancellation)
    {
        var clip = await new Ffprobe(tools).ProbeAsync(path, cancellation).ConfigureAwait(false);
        var frames = sampling.FramesPerSample;
        var decoder = new VideoDecoder(tools);
        if (frames == 1)
        {
            var plan = SamplePlanner.Plan(clip, sampling.FramesPerVideo, runCount: 0, runLength: 1);
            foreach (var frame in await decoder.DecodeAsync(clip, plan, clip.DisplaySize, cancellation).ConfigureAwait(false))
            {
                onWindow([frame], sampling.TilesPerFrame);
            }

            return;
        }

        // One run at a time, so no more than a run's frames are held (runs that overlap on a short clip merged into one).
        foreach (var run in SamplePlanner.Plan(clip, 0, runCount: sampling.FramesPerVideo, runLength: frames))
        {
            var decoded = await decoder.DecodeAsync(clip, [run], clip.DisplaySize, cancellation).ConfigureAwait(false);
            foreach (var window in decoded.Chunk(frames))
            {
                onWindow(window, sampling.TilesPerFrame);
            }
        }
    }

    /// <summary>Tiles of <paramref name="cutFrames"/> frames made up to the sample's T by repeating the last one.</summary>
    private byte[] RepeatLastFrame(byte[] rgb, int cutFrames)
    {
        if (cutFrames == sampling.FramesPerSample)
        {
            return rgb;
        }

        var tileBytes = rgb.Length / cutFrames;
        var sample = new byte[tileBytes * sampling.FramesPerSample];
        rgb.CopyTo(sample, 0);
        for (var t = cutFrames; t < sampling.FramesPerSample; t++)
        {
            Array.Copy(rgb, rgb.Length - tileBytes, sample, t * tileBytes, tileBytes);
        }

        return sample;
    }

    // string.GetHashCode and HashCode are randomised per process, and full paths differ between machines; tiles must not.
    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
