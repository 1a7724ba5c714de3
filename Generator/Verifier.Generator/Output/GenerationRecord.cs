using System.Text.Json.Serialization;

namespace Verifier.Generator.Output;

/// <summary>
/// How a clip was made, written into its manifest (assertion <see cref="GeneratedClipWriter.AssertionLabel"/>): the
/// generator and model, the mode (generate, reconstruct, regenerate), the seed and the sampling settings.
/// </summary>
public sealed record GenerationRecord(
    [property: JsonPropertyName("generator")] string Generator,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("frames")] int Frames,
    [property: JsonPropertyName("size")] int Size)
{
    [JsonPropertyName("sampler")]
    public string? Sampler { get; init; }

    [JsonPropertyName("steps")]
    public int? Steps { get; init; }

    [JsonPropertyName("guidance_scale")]
    public double? GuidanceScale { get; init; }

    [JsonPropertyName("label")]
    public int? Label { get; init; }

    [JsonPropertyName("strength")]
    public double? Strength { get; init; }

    /// <summary>The real clip's or first frame's file name (never its full path, which may say more than the user meant).</summary>
    [JsonPropertyName("input")]
    public string? Input { get; init; }

    /// <summary>0 for a randomly initialised model: its clips are noise-like, whatever the manifest otherwise says.</summary>
    [JsonPropertyName("trained_steps")]
    public int TrainedSteps { get; init; }
}
