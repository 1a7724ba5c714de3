using Verifier.Detector.Scanning;
using Verifier.Detector.Scoring;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Evaluation;
using Verifier.Media;

namespace Verifier.Detector.Training.Robustness;

/// <summary>
/// The robustness flow: corpus -> the families in scope (the card's held-out ones by default) -> half real, half AI
/// files, taken in turn from each family -> one frame each (an image, or a clip's middle frame) -> FGSM and PGD on its
/// tiles towards the other label (<see cref="FileAttacker"/>) -> per attack, eps and condition, figures against the
/// clean scores. Re-encodes go to a private temporary folder, removed at the end.
/// </summary>
public static class RobustnessBench
{
    public static async Task<RobustnessReport> RunAsync(RobustnessRequest request, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        if (request.FindProblem() is { } problem)
        {
            throw new ArgumentException($"robustness bench {problem}", nameof(request));
        }

        using var model = DetectorModel.Load(request.ModelPath);
        using var twin = DetectorTwin.Load(request.ModelPath);
        var (items, scope) = DetectorEvaluation.InScope(Corpus.Load(request.DataFolders), model.Card, request.Families);
        var tools = FfmpegTools.Locate();
        var files = new List<AttackedFile>();
        var skipped = new List<SkippedFile>();
        var folder = Directory.CreateTempSubdirectory("verifier-robustness-");
        FileAttacker attacker;
        try
        {
            attacker = new FileAttacker(model, twin, new FrameReencoding(tools, folder.FullName), request);
            foreach (var (isAi, wanted) in new[] { (false, request.Files - (request.Files / 2)), (true, request.Files / 2) })
            {
                var done = 0;
                foreach (var item in InTurn(items.Where(i => i.IsAi == isAi)))
                {
                    if (done == wanted)
                    {
                        break;
                    }

                    try
                    {
                        var frame = await OneFrameAsync(tools, item, cancellation).ConfigureAwait(false);
                        if (TileGrid.IsSmallerThanTile(frame.Width, frame.Height, model.Card.TileSize))
                        {
                            skipped.Add(new SkippedFile(item.Path, $"{frame.Width}x{frame.Height} is smaller than one {model.Card.TileSize} px tile"));
                            continue;
                        }

                        files.Add(await attacker.AttackAsync(item, frame, cancellation).ConfigureAwait(false));
                        done++;
                        progress?.Report($"attacked {files.Count}/{request.Files}: {item.Path} ({item.Label}, {item.Family})");
                    }
                    catch (MediaException e)
                    {
                        skipped.Add(new SkippedFile(item.Path, e.Message));
                    }
                }
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        if (files.Count == 0)
        {
            throw new CorpusException($"no file of {scope} could be attacked ({skipped.Count} skipped)");
        }

        return new RobustnessReport(model.Card.Name, model.Sha256, scope, attacker.TwinMaxDifference, Rows(files, attacker.Conditions, request), files, skipped);
    }

    /// <summary>Items taken one family at a time in turn (families in name order, items in corpus order), so a few files cover many families.</summary>
    private static IEnumerable<CorpusItem> InTurn(IEnumerable<CorpusItem> items)
    {
        var families = items.GroupBy(i => i.Family).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToArray()).ToArray();
        for (var round = 0; families.Any(f => round < f.Length); round++)
        {
            foreach (var family in families.Where(f => round < f.Length))
            {
                yield return family[round];
            }
        }
    }

    private static async Task<Frame> OneFrameAsync(FfmpegTools tools, CorpusItem item, CancellationToken cancellation)
    {
        if (ImageDecoder.StillFormat(item.Path) is not null)
        {
            return ImageDecoder.Decode(item.Path);
        }

        var clip = await new Ffprobe(tools).ProbeAsync(item.Path, cancellation).ConfigureAwait(false);
        var frames = await new VideoDecoder(tools).DecodeAsync(clip, SamplePlanner.Plan(clip, 1, 0, 1), clip.DisplaySize, cancellation).ConfigureAwait(false);
        return frames.Count > 0 ? frames[0] : throw new MediaException(MediaErrorKind.UnreadableMedia, $"{item.Path}: no video frame could be decoded.");
    }

    private static List<RobustnessRow> Rows(IReadOnlyList<AttackedFile> files, IReadOnlyList<string> conditions, RobustnessRequest request)
    {
        var rows = new List<RobustnessRow>();
        foreach (var attack in new[] { "fgsm", "pgd" })
        {
            foreach (var levels in request.Epsilons)
            {
                foreach (var condition in conditions)
                {
                    var outcomes = files.Select(file =>
                    {
                        var clean = file.Scores.Single(s => s.Attack == FileAttacker.None && s.Condition == condition);
                        var attacked = file.Scores.Single(s => s.Attack == attack && s.EpsilonLevels == levels && s.Condition == condition);
                        var (toward, target) = file.Label == "ai" ? (-1, "real") : (1, "ai");
                        var tileDelta = clean.TileProbabilities.Zip(attacked.TileProbabilities, (a, b) => Math.Abs(b - a)).Average();
                        return (Tile: tileDelta, File: Math.Abs(attacked.ProbabilityOfAi - clean.ProbabilityOfAi),
                            Shift: toward * (attacked.ProbabilityOfAi - clean.ProbabilityOfAi),
                            Changed: attacked.Verdict != clean.Verdict, Reached: attacked.Verdict == target);
                    }).ToArray();
                    rows.Add(new RobustnessRow(attack, levels, condition, outcomes.Length, outcomes.Average(o => o.Tile), outcomes.Average(o => o.File),
                        outcomes.Average(o => o.Shift), outcomes.Average(o => o.Changed ? 1.0 : 0), outcomes.Average(o => o.Reached ? 1.0 : 0)));
                }
            }
        }

        return rows;
    }
}
