using System.Text.Json.Serialization;
using Verifier.Detector.Training.Evaluation;

namespace Verifier.Detector.Training.Training;

/// <summary>One held-out file's score: the mean of its tiles' logits (as the scanner means per frame, then per file) and its calibrated p_ai.</summary>
public sealed record LofoFileScore(string File, bool IsAi, string Family, double MeanLogit, double ProbabilityOfAi);

/// <summary>
/// What one fold measured, saved as <c>fold-K/result.json</c> once the fold is done (a re-run with the same
/// <see cref="Settings"/> reuses it). The temperature was fitted on <see cref="CalibrationFamilies"/>, a slice of the
/// fold's own training side; <see cref="Baseline"/> is the metadata-only audit on the same held-out files, or
/// <see cref="BaselineProblem"/> says why there is none. <see cref="TrainAiFamilies"/> is 0 in results saved before it
/// was recorded.
/// </summary>
public sealed record LofoFoldResult(
    int Fold,
    string Settings,
    IReadOnlyList<string> HeldOutGroups,
    IReadOnlyList<string> CalibrationFamilies,
    int TrainTiles,
    int CalibrationTiles,
    int HeldOutTiles,
    double Temperature,
    double TrainSeconds,
    IReadOnlyList<LofoFileScore> Scores,
    BaselineResult? Baseline,
    string? BaselineProblem,
    int TrainAiFamilies = 0);

/// <summary>One held-out AI family against its fold's held-out real files: AUC with its 95% bootstrap interval and TPR at 1% FPR.</summary>
/// <remarks>The TPR's JSON name is the one `verifier eval` uses.</remarks>
public sealed record LofoFamilyResult(
    string Family,
    int Fold,
    int Files,
    int RealFiles,
    double Auc,
    double AucLow,
    double AucHigh,
    [property: JsonPropertyName("tpr_at_1pct_fpr")] double TprAt1PctFpr);

/// <summary>
/// A leave-one-family-out run: per AI family, the mean AUC over families with an interval from resampling families,
/// the pooled AUC over every fold's held-out files (calibrated per fold), and each fold's result.
/// </summary>
public sealed record LofoReport(
    int Folds,
    int TotalTiles,
    double CutSeconds,
    IReadOnlyList<LofoFamilyResult> Families,
    double MeanAuc,
    double MeanAucLow,
    double MeanAucHigh,
    [property: JsonPropertyName("mean_tpr_at_1pct_fpr")] double MeanTprAt1PctFpr,
    double PooledAuc,
    double PooledAucLow,
    double PooledAucHigh,
    IReadOnlyList<LofoFoldResult> FoldResults,
    IReadOnlyList<string> Skipped);
