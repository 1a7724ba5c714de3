using System.Text.Json.Serialization;

namespace Verifier.Detector.Training.Evaluation;

/// <summary>
/// What `verifier eval` measured: file-level figures as users see them (one calibrated p_ai per file from the scanner),
/// for the files as they are and, when asked, after re-encoding; the robustness grid when asked; and the metadata-only
/// baseline (the shortcut audit; null with <see cref="BaselineNote"/> when it could not be fitted). This is the
/// <c>eval --json</c> object.
/// </summary>
public sealed record EvalReport(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("model_sha256")] string ModelSha256,
    [property: JsonPropertyName("band")] VerdictBand Band,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("original")] ConditionResult Original,
    [property: JsonPropertyName("reencoded")] ConditionResult? Reencoded)
{
    [JsonPropertyName("robustness")]
    public IReadOnlyList<RobustnessCell>? Robustness { get; init; }

    [JsonPropertyName("metadata_baseline")]
    public BaselineResult? Baseline { get; init; }

    [JsonPropertyName("metadata_baseline_note")]
    public string? BaselineNote { get; init; }
}

/// <summary>The card's verdict band the shares are counted at.</summary>
public sealed record VerdictBand(
    [property: JsonPropertyName("real_at_most")] double RealAtMost,
    [property: JsonPropertyName("ai_at_least")] double AiAtLeast);

/// <summary>
/// Figures over the files of one condition (<c>original</c>, or <c>h264 crf 28 / jpeg q75</c>). The ranking figures (AUC,
/// its interval, AP, TPR) are null when the scored files lack one of the labels; ECE and the reliability table are over
/// the calibrated p_ai; the coverage is the card's verdict band's.
/// </summary>
public sealed record ConditionResult(
    [property: JsonPropertyName("condition")] string Condition,
    [property: JsonPropertyName("files")] int Files,
    [property: JsonPropertyName("ai_files")] int AiFiles,
    [property: JsonPropertyName("real_files")] int RealFiles,
    [property: JsonPropertyName("auc")] double? Auc,
    [property: JsonPropertyName("auc_95_low")] double? AucLow,
    [property: JsonPropertyName("auc_95_high")] double? AucHigh,
    [property: JsonPropertyName("tpr_at_1pct_fpr")] double? TprAt1PctFpr,
    [property: JsonPropertyName("tpr_at_5pct_fpr")] double? TprAt5PctFpr,
    [property: JsonPropertyName("ap")] double? AveragePrecision,
    [property: JsonPropertyName("ece")] double ExpectedCalibrationError,
    [property: JsonPropertyName("reliability")] IReadOnlyList<ReliabilityBin> Reliability,
    [property: JsonPropertyName("coverage")] BandCoverage Coverage,
    [property: JsonPropertyName("families")] IReadOnlyList<FamilyResult> Families,
    [property: JsonPropertyName("media_types")] IReadOnlyList<StratumResult> MediaTypes,
    [property: JsonPropertyName("formats")] IReadOnlyList<StratumResult> Formats,
    [property: JsonPropertyName("scores")] IReadOnlyList<ScoredFile> Scores,
    [property: JsonPropertyName("skipped")] IReadOnlyList<SkippedFile> Skipped);

/// <summary>
/// One family (named as on the card: real ones start with <c>real: </c>): how many files, their mean p_ai and the shares
/// called ai / real / inconclusive. An AI family also has its AUC and TPR at 1% FPR against every real file scored.
/// </summary>
public sealed record FamilyResult(
    [property: JsonPropertyName("family")] string Family,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("files")] int Files,
    [property: JsonPropertyName("mean_p_ai")] double MeanProbabilityOfAi,
    [property: JsonPropertyName("share_ai")] double ShareAi,
    [property: JsonPropertyName("share_real")] double ShareReal,
    [property: JsonPropertyName("share_inconclusive")] double ShareInconclusive,
    [property: JsonPropertyName("auc")] double? Auc,
    [property: JsonPropertyName("tpr_at_1pct_fpr")] double? TprAt1PctFpr);

/// <summary>
/// The verdict band's use on one condition: the share of files called inconclusive, and among the files it did call ai or
/// real, how many and the share called wrongly.
/// </summary>
public sealed record BandCoverage(
    [property: JsonPropertyName("share_inconclusive")] double ShareInconclusive,
    [property: JsonPropertyName("decided")] int Decided,
    [property: JsonPropertyName("error_rate_decided")] double? ErrorRateDecided);

/// <summary>
/// The files of one media type (<c>image</c>, <c>video</c>) or one format (container/codec as scanned, e.g. <c>mp4/h264</c>,
/// <c>png</c>): counts, mean p_ai, the inconclusive share, and the ranking figures when both labels are present.
/// </summary>
public sealed record StratumResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("files")] int Files,
    [property: JsonPropertyName("ai_files")] int AiFiles,
    [property: JsonPropertyName("real_files")] int RealFiles,
    [property: JsonPropertyName("mean_p_ai")] double MeanProbabilityOfAi,
    [property: JsonPropertyName("share_inconclusive")] double ShareInconclusive,
    [property: JsonPropertyName("auc")] double? Auc,
    [property: JsonPropertyName("tpr_at_1pct_fpr")] double? TprAt1PctFpr);

/// <summary>
/// One file's score (the path is the corpus file's, also for its re-encoded copy), with the media type and the format
/// (container/codec) of what was scanned.
/// </summary>
public sealed record ScoredFile(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("family")] string Family,
    [property: JsonPropertyName("p_ai")] double ProbabilityOfAi,
    [property: JsonPropertyName("verdict")] string Verdict,
    [property: JsonPropertyName("media_type")] string MediaType,
    [property: JsonPropertyName("format")] string Format);

/// <summary>A file that could not be scanned (or re-encoded), and why; it is left out of the figures.</summary>
public sealed record SkippedFile(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("error")] string Error);
