using System.Text.Json.Serialization;
using Verifier.Detector.Training.Evaluation;

namespace Verifier.Detector.Training.Robustness;

/// <summary>
/// What `bench robustness` measured (its <c>--json</c> object): per attack, eps and delivery condition, how far the
/// attack moved p_ai and how many verdicts it changed, with every file's scores behind the figures.
/// </summary>
public sealed record RobustnessReport(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("model_sha256")] string ModelSha256,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("twin_max_logit_difference")] double TwinMaxLogitDifference,
    [property: JsonPropertyName("rows")] IReadOnlyList<RobustnessRow> Rows,
    [property: JsonPropertyName("files")] IReadOnlyList<AttackedFile> Files,
    [property: JsonPropertyName("skipped")] IReadOnlyList<SkippedFile> Skipped);

/// <summary>
/// One attack at one eps (in 8-bit levels) under one condition, over <see cref="Files"/> files, each against its own
/// clean score under the same condition: mean |delta p_ai| per tile and per file, the mean file shift in the direction
/// asked (positive = the attack worked), the share of files whose verdict changed and the share that reached the
/// other label's verdict.
/// </summary>
public sealed record RobustnessRow(
    [property: JsonPropertyName("attack")] string Attack,
    [property: JsonPropertyName("epsilon_levels")] double EpsilonLevels,
    [property: JsonPropertyName("condition")] string Condition,
    [property: JsonPropertyName("files")] int Files,
    [property: JsonPropertyName("mean_tile_abs_delta_p")] double MeanTileAbsDelta,
    [property: JsonPropertyName("mean_file_abs_delta_p")] double MeanFileAbsDelta,
    [property: JsonPropertyName("mean_file_shift_towards_target")] double MeanFileShiftTowardsTarget,
    [property: JsonPropertyName("share_verdict_changed")] double ShareVerdictChanged,
    [property: JsonPropertyName("share_reached_target")] double ShareReachedTarget);

/// <summary>One attacked file: its label and family, the tiles attacked, and every score (clean ones have attack "none").</summary>
public sealed record AttackedFile(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("family")] string Family,
    [property: JsonPropertyName("tiles")] int Tiles,
    [property: JsonPropertyName("scores")] IReadOnlyList<AttackScore> Scores);

/// <summary>A file's calibrated scores under one attack, eps and condition: the file (mean tile logit, calibrated) and each tile.</summary>
public sealed record AttackScore(
    [property: JsonPropertyName("attack")] string Attack,
    [property: JsonPropertyName("epsilon_levels")] double EpsilonLevels,
    [property: JsonPropertyName("condition")] string Condition,
    [property: JsonPropertyName("p_ai")] double ProbabilityOfAi,
    [property: JsonPropertyName("verdict")] string Verdict,
    [property: JsonPropertyName("tile_p_ai")] IReadOnlyList<double> TileProbabilities);
