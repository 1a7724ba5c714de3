namespace Verifier.Generator.Training;

/// <summary>The generator trains in two stages: the autoencoder first, then the transformer on its frozen latents.</summary>
public enum TrainingStage
{
    Autoencoder,
    Transformer,
}
