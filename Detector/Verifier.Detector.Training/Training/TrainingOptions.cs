using Verifier.Detector.Training.Net;

namespace Verifier.Detector.Training.Training;

/// <summary>How the detector is optimised: AdamW on binary cross-entropy, seeded so that a run can be repeated.</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 1e-3;

    public double WeightDecay { get; init; } = 0.05;

    /// <summary>Seeds the weights, the batch order, the split and the tiles.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>auto (CUDA when libtorch has it, else the CPU), cpu or cuda.</summary>
    public string Device { get; init; } = "auto";

    public DetectorNetOptions Net { get; init; } = new();
}
