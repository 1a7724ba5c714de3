namespace Verifier.Generator.Training;

/// <summary>
/// What <c>verifier train generator</c> asks for: corpora (may be empty when <see cref="ClipCache"/> exists), the model
/// folder, the stages and their options.
/// </summary>
public sealed record GeneratorTrainRequest(IReadOnlyList<string> DataFolders, string OutFolder)
{
    public GeneratorTrainingOptions Training { get; init; } = new();

    /// <summary>The stages to run, in order (the transformer needs the autoencoder's checkpoint in <see cref="OutFolder"/>).</summary>
    public IReadOnlyList<TrainingStage> Stages { get; init; } = [TrainingStage.Autoencoder, TrainingStage.Transformer];

    /// <summary>Runs of consecutive frames cut from each real video.</summary>
    public int ClipsPerFile { get; init; } = 4;

    /// <summary>A <see cref="Training.ClipCache"/> file: read instead of cutting the corpora when it exists, else written after the cut.</summary>
    public string? ClipCache { get; init; }
}
