using Verifier.Detector.Reports;
using Verifier.Media;

namespace Verifier.Detector.Training.Data;

/// <summary>
/// Decodes corpus items through Verifier.Media (Skia for images, ffmpeg for clips, at native resolution) and cuts
/// degraded tiles from them; a clip may first be re-encoded as H.264 at a random CRF. Each item draws from its own seeded generator, so the tiles depend on the seed and the
/// item alone. An item that cannot be decoded is skipped and named, never fatal.
/// </summary>
public sealed class TileSetBuilder(FfmpegTools tools, TileCutter cutter, TileSampling sampling, AugmentationOptions augmentation)
{
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
                foreach (var (frame, count) in await FramesAsync(item, random, cancellation).ConfigureAwait(false))
                {
                    for (var t = 0; t < count && cutter.Cut(frame, random) is { } cut; t++)
                    {
                        tiles.Add(new TrainingTile(cut.Rgb, item.IsAi, item.Family, item.Path));
                    }
                }

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

    private async Task<IEnumerable<(Frame Frame, int Tiles)>> FramesAsync(CorpusItem item, Random random, CancellationToken cancellation)
    {
        if (item.MediaType == MediaTypes.Image)
        {
            return [(ImageDecoder.Decode(item.Path), sampling.TilesPerImage)];
        }

        if (random.NextDouble() >= augmentation.H264Probability)
        {
            return await ClipFramesAsync(item.Path, cancellation).ConfigureAwait(false);
        }

        // Re-encoded into a private temporary file, removed whatever happens.
        var crf = random.Next(augmentation.MinCrf, augmentation.MaxCrf + 1);
        var reencoded = Path.Combine(Path.GetTempPath(), $"verifier-train-{Guid.NewGuid():N}.mp4");
        try
        {
            await new VideoTranscoder(tools).TranscodeAsync(item.Path, reencoded, crf, cancellation).ConfigureAwait(false);
            return await ClipFramesAsync(reencoded, cancellation).ConfigureAwait(false);
        }
        catch (MediaException e)
        {
            // Name the corpus file, not the temporary one.
            throw new MediaException(e.Kind, $"{item.Path}: H.264 CRF {crf} re-encode failed: {e.Message}", e);
        }
        finally
        {
            File.Delete(reencoded);
        }
    }

    private async Task<IEnumerable<(Frame Frame, int Tiles)>> ClipFramesAsync(string path, CancellationToken cancellation)
    {
        var clip = await new Ffprobe(tools).ProbeAsync(path, cancellation).ConfigureAwait(false);
        var plan = SamplePlanner.Plan(clip, sampling.FramesPerVideo, runCount: 0, runLength: 1);
        var frames = await new VideoDecoder(tools).DecodeAsync(clip, plan, clip.DisplaySize, cancellation).ConfigureAwait(false);
        return frames.Select(frame => (frame, sampling.TilesPerFrame));
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
