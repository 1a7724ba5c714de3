using Verifier.Detector.Model;
using Verifier.Detector.Scanning;
using Verifier.Detector.Scoring;
using Verifier.Detector.Training.Data;
using Verifier.Media;

namespace Verifier.Detector.Training.Evaluation;

/// <summary>
/// The evaluation flow: corpora -> the families in scope -> every file through the product's <see cref="Scanner"/>
/// (default options, so the figures are the file-level ones users see) -> figures; then each file re-encoded as a
/// platform would (into a private temporary folder, removed at the end) and scanned again.
/// </summary>
public static class DetectorEvaluation
{
    public const string OriginalCondition = "original";

    public static async Task<EvalReport> RunAsync(EvalRequest request, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        using var model = DetectorModel.Load(request.ModelPath);
        var (items, scope) = InScope(Corpus.Load(request.DataFolders), model.Card, request.Families);
        var tools = FfmpegTools.Locate();
        var scanner = new Scanner(model, tools, new ScanOptions());
        progress?.Report($"evaluating {model.Card.Name} on {items.Count} files ({scope})");

        var original = await ScoreAllAsync(scanner, request, items, OriginalCondition, item => Task.FromResult(item.Path), progress, cancellation)
            .ConfigureAwait(false);
        ConditionResult? reencoded = null;
        if (request.Reencode)
        {
            var folder = Directory.CreateTempSubdirectory("verifier-eval-");
            try
            {
                var transcoder = new VideoTranscoder(tools);
                var condition = $"h264 crf {request.Crf} / jpeg q{request.JpegQuality}";
                var n = 0;
                reencoded = await ScoreAllAsync(scanner, request, items, condition, async item =>
                {
                    // One numbered copy per item: corpus files of different folders may share a name.
                    var copy = Path.Combine(folder.FullName, (n++).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (ImageDecoder.StillFormat(item.Path) is not null)
                    {
                        ImageTranscoder.ToJpeg(item.Path, copy + ".jpg", request.JpegQuality);
                        return copy + ".jpg";
                    }

                    await transcoder.TranscodeAsync(item.Path, copy + ".mp4", request.Crf, cancellation).ConfigureAwait(false);
                    return copy + ".mp4";
                }, progress, cancellation).ConfigureAwait(false);
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }

        return new EvalReport(model.Card.Name, model.Sha256, new VerdictBand(model.Card.Thresholds.RealAtMost, model.Card.Thresholds.AiAtLeast),
            scope, original, reencoded);
    }

    /// <summary>Scans each item as <paramref name="prepare"/> hands it over; a file that fails is skipped by name, not fatal.</summary>
    private static async Task<ConditionResult> ScoreAllAsync(
        Scanner scanner, EvalRequest request, IReadOnlyList<CorpusItem> items, string condition, Func<CorpusItem, Task<string>> prepare,
        IProgress<string>? progress, CancellationToken cancellation)
    {
        var scores = new List<ScoredFile>();
        var skipped = new List<SkippedFile>();
        foreach (var item in items)
        {
            string? copy = null;
            try
            {
                copy = await prepare(item).ConfigureAwait(false);
                var report = (await scanner.ScanAsync(copy, cancellation).ConfigureAwait(false)).Report;
                scores.Add(new ScoredFile(item.Path, item.Label, item.Family, report.ProbabilityOfAi, report.Verdict));
            }
            catch (ScanException e)
            {
                // The problem alone: the path in the message may be the temporary copy's.
                skipped.Add(new SkippedFile(item.Path, e.Problem));
            }
            catch (MediaException e)
            {
                skipped.Add(new SkippedFile(item.Path, e.Message));
            }
            finally
            {
                // Re-encoded copies go as soon as they are scored, so the folder never holds the whole corpus.
                if (copy is not null && copy != item.Path)
                {
                    File.Delete(copy);
                }
            }

            if ((scores.Count + skipped.Count) % 10 == 0 || scores.Count + skipped.Count == items.Count)
            {
                progress?.Report($"{condition}: {scores.Count + skipped.Count}/{items.Count} files, {skipped.Count} skipped");
            }
        }

        return FileLevelFigures.Compute(condition, scores, skipped, request.BootstrapResamples, request.Seed);
    }

    /// <summary>
    /// The items whose family the card lists as held out (matched by the card's family names), or every item; with the
    /// scope in words.
    /// </summary>
    public static (IReadOnlyList<CorpusItem> Items, string Scope) InScope(IReadOnlyList<CorpusItem> items, ModelCard card, FamilyScope scope)
    {
        var heldOut = card.HeldOutFamilies.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var matching = items.Where(i => heldOut.Contains(FamilyCount.CardNameOf(i.Family, i.IsAi))).ToArray();
        return scope switch
        {
            FamilyScope.All => (items, "all families"),
            FamilyScope.HeldOut when matching.Length == 0 => throw new CorpusException(
                $"none of the corpus's families is among the card's held-out families ({string.Join(", ", heldOut.Order(StringComparer.Ordinal))})"),
            _ when matching.Length > 0 => (matching, "the card's held-out families"),
            _ => (items, "all families (the card names no held-out family found in the corpus)"),
        };
    }
}
