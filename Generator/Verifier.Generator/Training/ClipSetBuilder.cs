using Verifier.Detector.Reports;
using Verifier.Detector.Training.Data;
using Verifier.Media;

namespace Verifier.Generator.Training;

/// <summary>
/// Cuts the real clips of corpora (MANIFEST.tsv or real/ + ai/ folders, read by <see cref="Corpus"/>) into short square
/// clips through Verifier.Media: a few runs of consecutive frames spread over each clip, ffmpeg scaling each frame to the
/// short side, then a centre crop. Clips shorter than a run, and files that cannot be decoded, are skipped by name.
/// Families, in name order, give the class labels (those past the model's class count get none).
/// </summary>
public static class ClipSetBuilder
{
    public static async Task<(ClipSet Clips, IReadOnlyList<string> Skipped)> BuildAsync(
        IReadOnlyList<CorpusItem> corpus, GeneratorConfig config, int runsPerFile, IProgress<string>? progress, CancellationToken cancellation)
    {
        var videos = RealVideos(corpus).ToList();
        if (videos.Count == 0)
        {
            throw new CorpusException("the corpus has no real video clips to learn from");
        }

        var families = videos.Select(v => v.Family).Distinct().Order(StringComparer.Ordinal).ToList();
        var tools = FfmpegTools.Locate();
        var (probe, decoder) = (new Ffprobe(tools), new VideoDecoder(tools));
        var clips = new List<IReadOnlyList<Frame>>();
        var labels = new List<int?>();
        var skipped = new List<string>();
        foreach (var item in videos)
        {
            try
            {
                var clip = await probe.ProbeAsync(item.Path, cancellation).ConfigureAwait(false);
                var plan = SamplePlanner.Plan(clip, spreadFrames: 0, runCount: runsPerFile, runLength: config.Frames);
                var runs = plan.Select(_ => new List<Frame>()).ToArray();

                // Each run's list is only touched by that run's reader; Square copies out of the decoder's reused buffer.
                await decoder.DecodeEachAsync(clip, plan, FrameFit.ShortSide(clip.DisplaySize, config.Size), (frame, _) =>
                {
                    runs[frame.Run].Add(FrameFit.Square(frame.Frame, config.Size));
                    return ValueTask.CompletedTask;
                }, cancellation).ConfigureAwait(false);
                var cut = 0;
                foreach (var run in runs)
                {
                    // A merged run holds several clips' worth; a run cut short at the clip's end holds too few.
                    foreach (var piece in run.Chunk(config.Frames).Where(piece => piece.Length == config.Frames))
                    {
                        clips.Add(piece);
                        var family = families.IndexOf(item.Family);
                        labels.Add(family < config.Classes ? family : null);
                        cut++;
                    }
                }

                if (cut == 0)
                {
                    skipped.Add($"{item.Path}: shorter than {config.Frames} frames");
                }
            }
            catch (MediaException e)
            {
                skipped.Add($"{item.Path}: {e.Message}");
            }
        }

        progress?.Report($"cut {clips.Count} clips of {config.Frames} frames at {config.Size}x{config.Size} from {videos.Count - skipped.Count} real videos ({families.Count} families)");
        return clips.Count > 0
            ? (new ClipSet(clips, labels), skipped)
            : throw new CorpusException($"no clip of {config.Frames} frames could be cut from the corpus's {videos.Count} real videos");
    }

    /// <summary>The items clips are cut from.</summary>
    internal static IEnumerable<CorpusItem> RealVideos(IEnumerable<CorpusItem> corpus) =>
        corpus.Where(i => !i.IsAi && i.MediaType == MediaTypes.Video);
}
