using System.Text.Json.Serialization;

namespace Verifier.Detector.Training.Evaluation;

/// <summary>One equal-width bin of calibrated p_ai: how many files fell in it, their mean p_ai and the share that were AI.</summary>
public sealed record ReliabilityBin(
    [property: JsonPropertyName("low")] double Low,
    [property: JsonPropertyName("high")] double High,
    [property: JsonPropertyName("files")] int Files,
    [property: JsonPropertyName("mean_p_ai")] double? MeanProbabilityOfAi,
    [property: JsonPropertyName("share_ai")] double? ShareAi);

/// <summary>
/// Calibration of p_ai: the reliability table (equal-width bins over [0, 1]) and the expected calibration error, the
/// file-weighted mean gap between each bin's mean p_ai and its observed share of AI files.
/// </summary>
public static class Reliability
{
    public const int DefaultBins = 10;

    public static IReadOnlyList<ReliabilityBin> Table(IReadOnlyList<double> probabilities, IReadOnlyList<bool> isAi, int bins = DefaultBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (probabilities.Count != isAi.Count)
        {
            throw new ArgumentException($"{probabilities.Count} probabilities for {isAi.Count} labels", nameof(isAi));
        }

        var members = Enumerable.Range(0, probabilities.Count).ToLookup(i => Bin(probabilities[i], bins));
        return [.. Enumerable.Range(0, bins).Select(b =>
        {
            var inBin = members[b].ToArray();
            return new ReliabilityBin(
                (double)b / bins, (double)(b + 1) / bins, inBin.Length,
                inBin.Length > 0 ? inBin.Average(i => probabilities[i]) : null,
                inBin.Length > 0 ? (double)inBin.Count(i => isAi[i]) / inBin.Length : null);
        })];
    }

    /// <summary>ECE over the table's bins; 0 for no files.</summary>
    public static double ExpectedCalibrationError(IReadOnlyList<ReliabilityBin> table)
    {
        var total = table.Sum(b => b.Files);
        return total == 0 ? 0 : table.Where(b => b.Files > 0).Sum(b => (double)b.Files / total * Math.Abs(b.MeanProbabilityOfAi!.Value - b.ShareAi!.Value));
    }

    // Bins are [low, high) except the last, which also holds p = 1.
    private static int Bin(double probability, int bins) => Math.Clamp((int)Math.Floor(probability * bins), 0, bins - 1);
}
