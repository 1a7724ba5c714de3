using System.Text.Json.Serialization;

namespace Verifier.Detector.Reports;

/// <summary>
/// What a scan found for one file: the model's calibrated score alone (<see cref="ProbabilityOfAi"/>, <see cref="Verdict"/>),
/// where in the file (<see cref="Segments"/>, <see cref="Frames"/> with their tiles) and, kept apart from the score, what the
/// file's C2PA provenance says. This one type is the CLI's <c>scan --json</c> object, the HTML report's data and the
/// service's <c>report</c>; the names below are the contract of <c>architecture.md</c> and may not change meaning.
/// </summary>
public sealed record ScanReport
{
    [JsonPropertyName("file")]
    public required string File { get; init; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes.</summary>
    [JsonPropertyName("sha256")]
    public required string Sha256 { get; init; }

    /// <summary><see cref="MediaTypes.Video"/> or <see cref="MediaTypes.Image"/>.</summary>
    [JsonPropertyName("media_type")]
    public required string MediaType { get; init; }

    /// <summary>The model's calibrated probability that the file is AI-made, 0..1; provenance never enters it.</summary>
    [JsonPropertyName("p_ai")]
    public required double ProbabilityOfAi { get; init; }

    /// <summary><c>ai</c>, <c>real</c> or <c>inconclusive</c> (the card's band around the decision).</summary>
    [JsonPropertyName("verdict")]
    public required string Verdict { get; init; }

    /// <summary>One entry per second of a clip that had sampled frames (empty for an image).</summary>
    [JsonPropertyName("segments")]
    public required IReadOnlyList<SegmentScore> Segments { get; init; }

    /// <summary>Every scored frame in time order (one for an image), with its tiles.</summary>
    [JsonPropertyName("frames")]
    public required IReadOnlyList<FrameScore> Frames { get; init; }

    [JsonPropertyName("provenance")]
    public required ProvenanceEvidence Provenance { get; init; }

    [JsonPropertyName("model")]
    public required ModelIdentity Model { get; init; }

    [JsonPropertyName("tool")]
    public required ToolIdentity Tool { get; init; }

    /// <summary>When the analysis finished (UTC, ISO 8601).</summary>
    [JsonPropertyName("analyzed_at")]
    public required DateTimeOffset AnalyzedAt { get; init; }

    /// <summary>Wall time of the whole scan of this file, in milliseconds.</summary>
    [JsonPropertyName("timing_ms")]
    public required double TimingMs { get; init; }

    /// <summary>What was probed: size, duration, frame rate, codec; a reader sees what was analysed.</summary>
    [JsonPropertyName("media")]
    public required MediaFacts Media { get; init; }

    /// <summary>Wall time per stage (probe, decode, score, provenance), in milliseconds.</summary>
    [JsonPropertyName("stages_ms")]
    public IReadOnlyDictionary<string, double> StagesMs { get; init; } = new Dictionary<string, double>();

    /// <summary>What a reader should know about how the file was analysed (for example, frames scaled up to the model's tile).</summary>
    [JsonPropertyName("notes")]
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>The values <see cref="ScanReport.MediaType"/> takes.</summary>
public static class MediaTypes
{
    public const string Video = "video";
    public const string Image = "image";
}

/// <summary>The calibrated score of the sampled frames whose time lies in [<see cref="StartSeconds"/>, <see cref="EndSeconds"/>).</summary>
public sealed record SegmentScore(
    [property: JsonPropertyName("start_s")] double StartSeconds,
    [property: JsonPropertyName("end_s")] double EndSeconds,
    [property: JsonPropertyName("p_ai")] double ProbabilityOfAi);

/// <summary>One scored frame: its time in the clip (0 for an image), its calibrated score and the tiles it was cut into.</summary>
public sealed record FrameScore(
    [property: JsonPropertyName("t_s")] double TimeSeconds,
    [property: JsonPropertyName("p_ai")] double ProbabilityOfAi,
    [property: JsonPropertyName("tiles")] IReadOnlyList<TileResult> Tiles);

/// <summary>A tile in the frame's own pixels (native resolution, upright), with its calibrated score.</summary>
public sealed record TileResult(
    [property: JsonPropertyName("x")] int X,
    [property: JsonPropertyName("y")] int Y,
    [property: JsonPropertyName("w")] int Width,
    [property: JsonPropertyName("h")] int Height,
    [property: JsonPropertyName("p_ai")] double ProbabilityOfAi);

/// <summary>
/// The file's own C2PA evidence, from Verifier's validation: reported beside the score, never mixed into it.
/// <see cref="ValidationState"/> uses the names of <c>verify --json</c> (Trusted, Valid, Invalid, NoManifest, Unreadable).
/// </summary>
public sealed record ProvenanceEvidence
{
    [JsonPropertyName("validation_state")]
    public required string ValidationState { get; init; }

    /// <summary>The distinct full IPTC/C2PA source-type URIs of any action of any manifest.</summary>
    [JsonPropertyName("digital_source_types")]
    public required IReadOnlyList<string> DigitalSourceTypes { get; init; }

    /// <summary>The active manifest's signer (common name, organisation, issuer, algorithm, time), when there is one.</summary>
    [JsonPropertyName("signer")]
    public ProvenanceSigner? Signer { get; init; }

    [JsonPropertyName("claim_generator")]
    public string? ClaimGenerator { get; init; }

    [JsonPropertyName("active_manifest")]
    public string? ActiveManifest { get; init; }

    /// <summary>The active manifest's failure codes, as c2pa-rs names them.</summary>
    [JsonPropertyName("failure")]
    public IReadOnlyList<string> Failure { get; init; } = [];

    /// <summary>Why the provenance could not be read (Unreadable only).</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

public sealed record ProvenanceSigner(
    [property: JsonPropertyName("common_name")] string? CommonName,
    [property: JsonPropertyName("organization")] string? Organization,
    [property: JsonPropertyName("issuer")] string? Issuer,
    [property: JsonPropertyName("alg")] string? Alg,
    [property: JsonPropertyName("time")] DateTimeOffset? Time);

/// <summary>The model that gave the score: its card's name and version and the SHA-256 of the loaded bytes.</summary>
public sealed record ModelIdentity(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("sha256")] string Sha256);

public sealed record ToolIdentity(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version);

/// <summary>What the probe found. For an image, duration and frame rate are 0 and codec is the image format.</summary>
public sealed record MediaFacts(
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("duration_s")] double DurationSeconds,
    [property: JsonPropertyName("fps")] double FramesPerSecond,
    [property: JsonPropertyName("codec")] string Codec,
    [property: JsonPropertyName("has_audio")] bool HasAudio);
