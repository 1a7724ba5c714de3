namespace Verifier.Generator.Training;

/// <summary>How one stage is optimised (AdamW), seeded so that a run, and a resumed run, repeat exactly.</summary>
public sealed record GeneratorTrainingOptions
{
    public GeneratorConfig Model { get; init; } = new();

    /// <summary>Optimisation steps of each stage.</summary>
    public int Steps { get; init; } = 2000;

    public int BatchSize { get; init; } = 4;

    public double LearningRate { get; init; } = 3e-4;

    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Seeds the weights, the batches, the noise and the flow times.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>auto (CUDA when libtorch has it, else the CPU), cpu or cuda.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Share of transformer samples given their first latent frame as conditioning (image-to-video).</summary>
    public double FirstFrameRate { get; init; } = 0.5;

    /// <summary>Share of transformer samples whose label is replaced by the null label (for classifier-free guidance).</summary>
    public double LabelDropRate { get; init; } = 0.1;

    public int ProgressEvery { get; init; } = 10;

    /// <summary>Steps between checkpoints (and always after the last step).</summary>
    public int CheckpointEvery { get; init; } = 100;

    /// <summary>Steps between sample grids (0: none).</summary>
    public int SampleEvery { get; init; } = 200;

    /// <summary>What must match for a checkpoint to be resumed: everything but the device, the length and the reporting.</summary>
    internal string Settings(TrainingStage stage) => System.Text.Json.JsonSerializer.Serialize(
        new { stage, options = this with { Device = "any", Steps = 0, ProgressEvery = 0, CheckpointEvery = 0, SampleEvery = 0 } });
}
