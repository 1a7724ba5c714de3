using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using static System.FormattableString;

namespace Verifier.Detector.Training.Training;

/// <summary>
/// The leave-one-family-out protocol repeated with consecutive seeds, each in its own folder (<c>OUT/seed-S/</c>, with
/// its own tile cache), and the spread of the run's figures over them. The seed draws the folds, the calibration
/// slice, the tiles and the head's first weights; on a corpus of a few files a family one seed moves the mean AUC by
/// several hundredths, so a difference between two settings means little until it is larger than this spread.
/// </summary>
public static class LofoSeeds
{
    public const string ReportJson = "seeds.json";
    public const string ReportMarkdown = "seeds.md";

    /// <summary>Where one seed's run writes: <c>OUT/seed-S</c>.</summary>
    public static string SeedFolder(string output, int seed) => Path.Combine(output, $"seed-{seed}");

    /// <summary>One seed's tile cache beside the one asked for: <c>tiles.bin</c> -> <c>tiles.seed-S.bin</c> (tiles depend on the seed).</summary>
    public static string? SeedTiles(string? tiles, int seed) =>
        tiles is null ? null : Path.Combine(Path.GetDirectoryName(tiles) ?? string.Empty, $"{Path.GetFileNameWithoutExtension(tiles)}.seed-{seed}{Path.GetExtension(tiles)}");

    /// <summary>Runs seeds <c>request.Training.Seed</c> .. + <paramref name="seeds"/> - 1 in turn; each resumes as a single run does.</summary>
    public static async Task<LofoSeedsReport> RunAsync(LofoRequest request, int seeds, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 2);
        var runs = new List<(int Seed, LofoReport Report)>();
        for (var k = 0; k < seeds; k++)
        {
            var seed = request.Training.Seed + k;
            progress?.Report($"seed {seed} ({k + 1} of {seeds})");
            var one = request with
            {
                OutputFolder = SeedFolder(request.OutputFolder, seed),
                TilesPath = SeedTiles(request.TilesPath, seed),
                Training = request.Training with { Seed = seed },
            };
            runs.Add((seed, await LeaveOneFamilyOut.RunAsync(one, progress, cancellation).ConfigureAwait(false)));
        }

        var report = LofoSeedsReport.Of(runs);
        Directory.CreateDirectory(request.OutputFolder);
        File.WriteAllBytes(Path.Combine(request.OutputFolder, ReportJson), JsonSerializer.SerializeToUtf8Bytes(report, LeaveOneFamilyOut.Json));
        File.WriteAllText(Path.Combine(request.OutputFolder, ReportMarkdown), Markdown(report));
        return report;
    }

    public static string Markdown(LofoSeedsReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Leave-one-family-out over {report.Seeds.Count} seeds"));
        text.AppendLine();
        text.AppendLine("| seed | mean AUC over families (95% interval) | mean TPR at 1% FPR | pooled AUC |");
        text.AppendLine("|---:|---|---:|---:|");
        foreach (var s in report.Seeds)
        {
            text.AppendLine(Invariant($"| {s.Seed} | {s.MeanAuc:0.000} ({s.MeanAucLow:0.000}-{s.MeanAucHigh:0.000}) | {s.MeanTprAt1PctFpr:0.000} | {s.PooledAuc:0.000} |"));
        }

        text.AppendLine(Invariant($"| mean (SD) | {report.MeanAuc:0.000} ({report.MeanAucSd:0.000}) | {report.MeanTprAt1PctFpr:0.000} ({report.MeanTprAt1PctFprSd:0.000}) | {report.PooledAuc:0.000} ({report.PooledAucSd:0.000}) |"));
        return text.ToString();
    }
}

/// <summary>One seed's run in a <see cref="LofoSeedsReport"/>: its headline figures (the rest is in its own folder).</summary>
public sealed record LofoSeedRow(
    int Seed,
    double MeanAuc,
    double MeanAucLow,
    double MeanAucHigh,
    [property: JsonPropertyName("mean_tpr_at_1pct_fpr")] double MeanTprAt1PctFpr,
    double PooledAuc,
    IReadOnlyList<string> Skipped);

/// <summary>The protocol's figures per seed, and their mean and sample standard deviation over the seeds.</summary>
public sealed record LofoSeedsReport(
    IReadOnlyList<LofoSeedRow> Seeds,
    double MeanAuc,
    double MeanAucSd,
    [property: JsonPropertyName("mean_tpr_at_1pct_fpr")] double MeanTprAt1PctFpr,
    [property: JsonPropertyName("mean_tpr_at_1pct_fpr_sd")] double MeanTprAt1PctFprSd,
    double PooledAuc,
    double PooledAucSd)
{
    /// <summary>Every file some seed left out (no tiles), once.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Skipped => [.. Seeds.SelectMany(s => s.Skipped).Distinct(StringComparer.Ordinal)];

    public static LofoSeedsReport Of(IReadOnlyList<(int Seed, LofoReport Report)> runs)
    {
        LofoSeedRow[] rows = [.. runs.Select(r => new LofoSeedRow(
            r.Seed, r.Report.MeanAuc, r.Report.MeanAucLow, r.Report.MeanAucHigh, r.Report.MeanTprAt1PctFpr, r.Report.PooledAuc, r.Report.Skipped))];
        var (auc, aucSd) = MeanAndSd([.. rows.Select(r => r.MeanAuc)]);
        var (tpr, tprSd) = MeanAndSd([.. rows.Select(r => r.MeanTprAt1PctFpr)]);
        var (pooled, pooledSd) = MeanAndSd([.. rows.Select(r => r.PooledAuc)]);
        return new LofoSeedsReport(rows, auc, aucSd, tpr, tprSd, pooled, pooledSd);
    }

    /// <summary>The mean and the sample standard deviation (n - 1).</summary>
    private static (double Mean, double Sd) MeanAndSd(double[] values)
    {
        var mean = values.Average();
        return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)));
    }
}
