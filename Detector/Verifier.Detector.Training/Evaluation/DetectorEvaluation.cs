using System.Globalization;
using Verifier.Detector.Model;
using Verifier.Detector.Scanning;
using Verifier.Detector.Scoring;
using Verifier.Detector.Training.Data;
using Verifier.Media;

namespace Verifier.Detector.Training.Evaluation;

/// <summary>
/// The evaluation flow: corpora -> the families in scope -> every file through the product's <see cref="Scanner"/>
/// (default options, so the figures are the file-level ones users see) -> figures; then each file degraded as a platform
/// would (the re-encoded pass, or every robustness condition; copies in a private temporary folder, each removed once
/// scored, the folder at the end) and scanned again; then the metadata-only baseline on a family split.
/// </summary>
public static class DetectorEvaluation
{
    public const string OriginalCondition = "original";

    /// <summary>The share of each label's files the baseline's own family split tests on, when every family is evaluated.</summary>
    private const double BaselineTestFraction = 0.3;

    public static async Task<EvalReport> RunAsync(EvalRequest request, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        using var model = DetectorModel.Load(request.ModelPath);
        var corpus = Corpus.Load(request.DataFolders);
        var (items, scope) = InScope(corpus, model.Card, request.Families);
        var tools = FfmpegTools.Locate();
        var scanner = new Scanner(model, tools, new ScanOptions());
        progress?.Report($"evaluating {model.Card.Name} on {items.Count} files ({scope})");

        var original = await ScoreAllAsync(scanner, request, items, OriginalCondition, item => Task.FromResult<string?>(item.Path), progress, cancellation)
            .ConfigureAwait(false);
        // The baseline comes before the degraded passes, so a long run's progress shows it early.
        var (baseline, note) = await BaselineAsync(request, corpus, items, original, tools, progress, cancellation).ConfigureAwait(false);
        progress?.Report(baseline is { } b
            ? $"metadata baseline: AUC {b.Auc:0.000} ({b.AucLow:0.000}-{b.AucHigh:0.000}) beside the model's {b.ModelAuc:0.000} on the same {b.TestFiles} files"
            : note!);
        ConditionResult? reencoded = null;
        List<RobustnessCell>? grid = null;
        var folder = Directory.CreateTempSubdirectory("verifier-eval-");
        try
        {
            var transcoder = new VideoTranscoder(tools);
            var n = 0;
            // One numbered copy per item: corpus files of different folders may share a name.
            string NextStem() => Path.Combine(folder.FullName, (n++).ToString(CultureInfo.InvariantCulture));
            if (request.Robustness)
            {
                grid = [];
                var byName = new Dictionary<string, ConditionResult>(StringComparer.Ordinal);
                foreach (var condition in RobustnessCondition.Grid)
                {
                    var result = await ScoreAllAsync(scanner, request, items, condition.Name,
                        item => condition.ApplyAsync(item.Path, NextStem(), transcoder, cancellation), progress, cancellation).ConfigureAwait(false);
                    byName[condition.Name] = result;
                    grid.Add(RobustnessCell.Of(condition, result, original));
                    progress?.Report($"{condition.Name}: the same files' original AUC {grid[^1].OriginalAuc:0.000}, drop {grid[^1].AucDrop:0.000}");
                }

                reencoded = ReencodedFromGrid(request, byName);
            }
            else if (request.Reencode)
            {
                var condition = new RobustnessCondition(
                    ReencodedName(request), new VideoEdit(request.Crf), new ImageEdit { JpegQualities = [request.JpegQuality] });
                reencoded = await ScoreAllAsync(scanner, request, items, condition.Name,
                    item => condition.ApplyAsync(item.Path, NextStem(), transcoder, cancellation), progress, cancellation).ConfigureAwait(false);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        return new EvalReport(model.Card.Name, model.Sha256, new VerdictBand(model.Card.Thresholds.RealAtMost, model.Card.Thresholds.AiAtLeast),
            scope, original, reencoded)
        {
            Robustness = grid,
            Baseline = baseline,
            BaselineNote = note,
        };
    }

    /// <summary>
    /// The metadata-only baseline alone (<c>verifier eval --metadata-only</c>): no model is loaded or read
    /// (<see cref="EvalRequest.ModelPath"/> is ignored); every family is in scope, so the baseline is fitted and tested on
    /// the two sides of the seeded family split, as with <see cref="FamilyScope.All"/>.
    /// </summary>
    public static async Task<BaselineResult> MetadataOnlyAsync(EvalRequest request, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        var corpus = Corpus.Load(request.DataFolders);
        var (baseline, note) = await BaselineAsync(request, corpus, corpus, null, FfmpegTools.Locate(), progress, cancellation).ConfigureAwait(false);
        return baseline ?? throw new CorpusException(note!);
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

    private static string ReencodedName(EvalRequest request) => $"h264 crf {request.Crf} / jpeg q{request.JpegQuality}";

    /// <summary>The re-encoded pass read off the grid: clips from its CRF cell, stills from its JPEG cell (when both exist).</summary>
    private static ConditionResult? ReencodedFromGrid(EvalRequest request, Dictionary<string, ConditionResult> byName) =>
        byName.GetValueOrDefault($"h264 crf {request.Crf}") is { } clips && byName.GetValueOrDefault($"jpeg q{request.JpegQuality}") is { } stills
            ? FileLevelFigures.Compute(ReencodedName(request), [.. clips.Scores, .. stills.Scores], [.. clips.Skipped, .. stills.Skipped],
                request.BootstrapResamples, request.Seed)
            : null;

    /// <summary>
    /// Fits the baseline on the families outside the evaluated ones (or, when every family is evaluated, on a seeded family
    /// split of the corpus); a corpus that cannot give both sides both labels gives a note instead.
    /// </summary>
    private static async Task<(BaselineResult? Baseline, string? Note)> BaselineAsync(
        EvalRequest request, IReadOnlyList<CorpusItem> corpus, IReadOnlyList<CorpusItem> evaluated, ConditionResult? original,
        FfmpegTools tools, IProgress<string>? progress, CancellationToken cancellation)
    {
        try
        {
            var inScope = evaluated.Select(i => i.Path).ToHashSet(StringComparer.Ordinal);
            var rest = corpus.Where(i => !inScope.Contains(i.Path)).ToArray();
            IReadOnlyList<CorpusItem> train = rest, test = evaluated;
            var split = "fitted on the families outside the evaluated ones, tested on the evaluated files";
            if (rest.Length == 0)
            {
                var cut = FamilySplit.Split(corpus, BaselineTestFraction, request.Seed);
                (train, test) = (cut.Train, cut.Validation);
                split = $"fitted and tested on the two sides of a seeded family split (seed {request.Seed})";
            }

            progress?.Report($"metadata baseline: reading {train.Count + test.Count} files' metadata");
            return (await MetadataBaseline.RunAsync(train, test, split, original, tools, request, cancellation).ConfigureAwait(false), null);
        }
        catch (CorpusException e)
        {
            return (null, $"no metadata baseline: {e.Message}");
        }
    }

    /// <summary>
    /// Scans each item as <paramref name="prepare"/> hands it over (null: the condition leaves it out); a file that fails
    /// is skipped by name, not fatal.
    /// </summary>
    private static async Task<ConditionResult> ScoreAllAsync(
        Scanner scanner, EvalRequest request, IReadOnlyList<CorpusItem> items, string condition, Func<CorpusItem, Task<string?>> prepare,
        IProgress<string>? progress, CancellationToken cancellation)
    {
        var scores = new List<ScoredFile>();
        var skipped = new List<SkippedFile>();
        var done = 0;
        foreach (var item in items)
        {
            string? copy = null;
            try
            {
                copy = await prepare(item).ConfigureAwait(false);
                if (copy is not null)
                {
                    var report = (await scanner.ScanAsync(copy, cancellation).ConfigureAwait(false)).Report;
                    var format = report.MediaType == Reports.MediaTypes.Image
                        ? report.Media.Codec
                        : $"{Path.GetExtension(copy).TrimStart('.').ToLowerInvariant()}/{report.Media.Codec}";
                    scores.Add(new ScoredFile(item.Path, item.Label, item.Family, report.ProbabilityOfAi, report.Verdict, report.MediaType, format));
                }
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
                // Degraded copies go as soon as they are scored, so the folder never holds the whole corpus.
                if (copy is not null && copy != item.Path)
                {
                    File.Delete(copy);
                }
            }

            if (++done % 10 == 0 || done == items.Count)
            {
                progress?.Report($"{condition}: {done}/{items.Count} files, {skipped.Count} skipped");
            }
        }

        var figures = FileLevelFigures.Compute(condition, scores, skipped, request.BootstrapResamples, request.Seed);
        // Each condition's figures as soon as they exist: a run over a big corpus takes hours.
        progress?.Report($"{condition}: {figures.Files} files ({figures.AiFiles} ai), AUC {figures.Auc:0.000} ({figures.AucLow:0.000}-{figures.AucHigh:0.000}), " +
            $"TPR at 1% FPR {figures.TprAt1PctFpr:0.000}, AP {figures.AveragePrecision:0.000}, ECE {figures.ExpectedCalibrationError:0.000}");
        return figures;
    }
}
