using System.Text.Json.Serialization;

namespace Verifier.Detector.Training.Evaluation;

/// <summary>
/// One condition of the robustness grid: the figures over the files it changed, and the original's figures over those
/// same files, so the drop compares like with like (a JPEG cell holds only stills). Null figures: a label was missing.
/// </summary>
public sealed record RobustnessCell(
    [property: JsonPropertyName("condition")] string Condition,
    [property: JsonPropertyName("applies_to")] string AppliesTo,
    [property: JsonPropertyName("files")] int Files,
    [property: JsonPropertyName("auc")] double? Auc,
    [property: JsonPropertyName("auc_95_low")] double? AucLow,
    [property: JsonPropertyName("auc_95_high")] double? AucHigh,
    [property: JsonPropertyName("tpr_at_1pct_fpr")] double? TprAt1PctFpr,
    [property: JsonPropertyName("original_auc")] double? OriginalAuc,
    [property: JsonPropertyName("original_tpr_at_1pct_fpr")] double? OriginalTprAt1PctFpr,
    [property: JsonPropertyName("auc_drop")] double? AucDrop,
    [property: JsonPropertyName("scores")] IReadOnlyList<ScoredFile> Scores,
    [property: JsonPropertyName("skipped")] IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>The cell of <paramref name="degraded"/> beside the original's figures over the same corpus files.</summary>
    public static RobustnessCell Of(RobustnessCondition condition, ConditionResult degraded, ConditionResult original)
    {
        var files = degraded.Scores.Select(s => s.File).ToHashSet(StringComparer.Ordinal);
        var before = original.Scores.Where(s => files.Contains(s.File)).ToArray();
        var p = before.Select(s => s.ProbabilityOfAi).ToArray();
        var isAi = before.Select(s => s.Label == "ai").ToArray();
        var both = isAi.Contains(true) && isAi.Contains(false);
        double? originalAuc = both ? Metrics.Auc(p, isAi) : null;
        return new RobustnessCell(
            condition.Name, condition.AppliesTo, degraded.Files, degraded.Auc, degraded.AucLow, degraded.AucHigh, degraded.TprAt1PctFpr,
            originalAuc, both ? Metrics.TruePositiveRateAt(p, isAi, FileLevelFigures.FalsePositiveRate) : null,
            originalAuc - degraded.Auc, degraded.Scores, degraded.Skipped);
    }
}
