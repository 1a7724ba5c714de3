using Verifier.Detector.Training.Data;
using Verifier.Media;

namespace Verifier.Detector.Training.Evaluation;

/// <summary>
/// Fits the metadata-only logistic regression on one side of a family split and measures it on the other
/// (<see cref="BaselineResult"/>). Files whose metadata cannot be read are left out by name. Without
/// <paramref name="modelScores"/> (the metadata-only audit) there is no model AUC to set beside it.
/// </summary>
public static class MetadataBaseline
{
    public static Task<BaselineResult> RunAsync(
        IReadOnlyList<CorpusItem> train, IReadOnlyList<CorpusItem> test, string split, ConditionResult? modelScores,
        FfmpegTools tools, EvalRequest request, CancellationToken cancellation) =>
        RunAsync(train, test, split, modelScores?.Scores ?? [], new FileMetadataReader(tools), request.BootstrapResamples, request.Seed, cancellation);

    /// <summary>The same, beside the model's <paramref name="modelScores"/> on any of the test files (none: no model).</summary>
    public static async Task<BaselineResult> RunAsync(
        IReadOnlyList<CorpusItem> train, IReadOnlyList<CorpusItem> test, string split, IReadOnlyList<ScoredFile> modelScores,
        FileMetadataReader metadata, int bootstrapResamples, int seed, CancellationToken cancellation)
    {
        var skipped = new List<SkippedFile>();
        var trainRows = await ReadAllAsync(train, metadata, skipped, cancellation).ConfigureAwait(false);
        var testRows = await ReadAllAsync(test, metadata, skipped, cancellation).ConfigureAwait(false);
        foreach (var (side, rows) in new[] { ("training", trainRows), ("test", testRows) })
        {
            if (!rows.Any(r => r.Item.IsAi) || !rows.Any(r => !r.Item.IsAi))
            {
                throw new CorpusException($"the metadata baseline's {side} side has files of one label only");
            }
        }

        var features = new MetadataFeatures(trainRows.Select(r => r.Metadata));
        var regression = LogisticRegression.Fit([.. trainRows.Select(r => features.Of(r.Metadata))], [.. trainRows.Select(r => r.Item.IsAi)]);
        double Auc(IReadOnlyList<(CorpusItem Item, FileMetadata Metadata)> rows) =>
            Metrics.Auc([.. rows.Select(r => regression.Probability(features.Of(r.Metadata)))], [.. rows.Select(r => r.Item.IsAi)]);

        var testP = testRows.Select(r => regression.Probability(features.Of(r.Metadata))).ToArray();
        var testLabels = testRows.Select(r => r.Item.IsAi).ToArray();
        var (low, high) = BootstrapInterval.Auc(testP, testLabels, Math.Max(1, bootstrapResamples), seed);

        var testFiles = testRows.Select(r => r.Item.Path).ToHashSet(StringComparer.Ordinal);
        var sameFiles = modelScores.Where(s => testFiles.Contains(s.File)).ToArray();
        var modelLabels = sameFiles.Select(s => s.Label == "ai").ToArray();
        double? modelAuc = modelLabels.Contains(true) && modelLabels.Contains(false)
            ? Metrics.Auc([.. sameFiles.Select(s => s.ProbabilityOfAi)], modelLabels)
            : null;

        return new BaselineResult(
            trainRows.Count, testRows.Count, Families(train), Families(test), split,
            Metrics.Auc(testP, testLabels), low, high, Auc(trainRows), modelAuc,
            features.Names.Zip(regression.Weights).ToDictionary(p => p.First, p => Math.Round(p.Second, 4), StringComparer.Ordinal),
            skipped);
    }

    private static int Families(IReadOnlyList<CorpusItem> items) => items.Select(i => (i.Family, i.IsAi)).Distinct().Count();

    private static async Task<List<(CorpusItem Item, FileMetadata Metadata)>> ReadAllAsync(
        IReadOnlyList<CorpusItem> items, FileMetadataReader metadata, List<SkippedFile> skipped, CancellationToken cancellation)
    {
        var rows = new List<(CorpusItem, FileMetadata)>();
        foreach (var item in items)
        {
            try
            {
                rows.Add((item, await metadata.ReadAsync(item.Path, cancellation).ConfigureAwait(false)));
            }
            catch (MediaException e)
            {
                skipped.Add(new SkippedFile(item.Path, e.Message));
            }
        }

        return rows;
    }
}
