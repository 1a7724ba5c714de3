using Verifier.Detector.Training.Data;

namespace Verifier.Detector.Training.Training;

/// <summary>
/// One `verifier train detector` run: corpora in, <c>OutputPath.onnx</c> + <c>OutputPath.json</c> out (checkpoints in
/// <c>OutputPath.checkpoint/</c>). The validation split holds out whole families; the band is set on it at
/// <see cref="MaxFalseAiRate"/> (real files called AI) and <see cref="MaxFalseRealRate"/> (AI files called real).
/// </summary>
public sealed record TrainRequest(IReadOnlyList<string> DataFolders, string OutputPath)
{
    public TrainingOptions Training { get; init; } = new();

    public TileSampling Sampling { get; init; } = new();

    public AugmentationOptions Augmentation { get; init; } = new();

    /// <summary>The command line that asked for this run, recorded in the card (empty when not run from a command line).</summary>
    public string Command { get; init; } = string.Empty;

    public double ValidationFraction { get; init; } = 0.25;

    public double MaxFalseAiRate { get; init; } = 0.01;

    public double MaxFalseRealRate { get; init; } = 0.10;

    /// <summary>The model's path: OutputPath with .onnx (the card is the same name with .json).</summary>
    public string ModelPath => OutputPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? OutputPath : OutputPath + ".onnx";

    public string CheckpointFolder => Path.ChangeExtension(ModelPath, ".checkpoint");
}
