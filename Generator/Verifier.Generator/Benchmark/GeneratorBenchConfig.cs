using System.Text.Json;

namespace Verifier.Generator.Benchmark;

/// <summary>
/// What <c>verifier bench generator</c> times, fixed so that runs (and the PyTorch twin, bench/generator_twin.py, which
/// reads this as JSON) compare: the model's sizes, the batch (clips of the model's frames and size), the untimed warm-up
/// and timed training steps of each part, and the Euler steps and count of the sampled clips. The parameter counts let
/// the twin check that it built the same shapes.
/// </summary>
public sealed record GeneratorBenchConfig(
    GeneratorConfig Model, int BatchSize, int WarmupSteps, int TimedSteps, int SamplingSteps, int SampledClips,
    long AutoencoderParameters = 0, long TransformerParameters = 0)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// tiny: 5 frames at 32², batch 4 (seconds on a CPU); small: the default model, 17 frames at 64², batch 2; gpu: a
    /// transformer sized to fill a GPU (width 768, 12 blocks, 12 heads, 2,048 tokens from 29 frames at 256², batch 8,
    /// the DiT step stack.md timed in PyTorch) over the default autoencoder.
    /// </summary>
    public static GeneratorBenchConfig For(string name) => name switch
    {
        "tiny" => new(GeneratorConfig.Tiny, BatchSize: 4, WarmupSteps: 2, TimedSteps: 10, SamplingSteps: 25, SampledClips: 4),
        "small" => new(new GeneratorConfig(), BatchSize: 2, WarmupSteps: 1, TimedSteps: 3, SamplingSteps: 25, SampledClips: 1),
        "gpu" => new(Gpu, BatchSize: 8, WarmupSteps: 3, TimedSteps: 20, SamplingSteps: 25, SampledClips: 4),
        _ => throw new ArgumentException($"--config {name}: use tiny, small or gpu"),
    };

    private static GeneratorConfig Gpu { get; } = new() { Name = "verifier-gen-bench-gpu", Width = 768, Depth = 12, Heads = 12, Frames = 29, Size = 256 };

    public void Write(string path)
    {
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(this, Json));
        File.Move(temp, path, overwrite: true);
    }
}
