using Verifier.Detector.Training.Data;

namespace Verifier.Generator.Adversarial;

/// <summary>
/// How <c>verifier train adversarial</c> alternates: per round, fakes made, detector epochs on real vs fakes, then
/// generator (transformer) steps on flow loss + <see cref="Lambda"/> x the frozen detector's softplus(logit) on its
/// one-step denoised output. Everything random is drawn from <see cref="Seed"/> and the round, so a resumed run repeats.
/// </summary>
public sealed record AdversarialOptions
{
    public int Rounds { get; init; } = 3;

    /// <summary>Transformer fine-tuning steps per round.</summary>
    public int GeneratorSteps { get; init; } = 50;

    public int GeneratorBatchSize { get; init; } = 4;

    public double GeneratorLearningRate { get; init; } = 1e-4;

    /// <summary>Weight of the adversarial term against the flow-matching loss.</summary>
    public double Lambda { get; init; } = 0.5;

    /// <summary>Detector fine-tuning epochs per round (over corpus tiles + generator-scale real and fake tiles).</summary>
    public int DetectorEpochs { get; init; } = 1;

    public int DetectorBatchSize { get; init; } = 32;

    public double DetectorLearningRate { get; init; } = 1e-3;

    /// <summary>Clips sampled from noise per round.</summary>
    public int SampledFakes { get; init; } = 16;

    /// <summary>Real clips reconstructed through the autoencoder per round (aligned fakes).</summary>
    public int AlignedFakes { get; init; } = 16;

    /// <summary>Euler steps per sampled clip (few: the fakes are many, the CPU slow).</summary>
    public int SamplingSteps { get; init; } = 10;

    public int Seed { get; init; } = 1;

    /// <summary>auto (CUDA when libtorch has it, else the CPU), cpu or cuda.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Share of each label's corpus items whose families are held out of training, for the AUC.</summary>
    public double ValidationFraction { get; init; } = 0.25;

    /// <summary>At most this many items of each family (label + family) are used, in manifest order; null: all.</summary>
    public int? ItemsPerFamily { get; init; }

    /// <summary>Runs of generator-sized clips cut from each real training video.</summary>
    public int ClipsPerFile { get; init; } = 2;

    public TileSampling Sampling { get; init; } = new(TilesPerImage: 4, FramesPerVideo: 4, TilesPerFrame: 2);

    /// <summary>The same degradations for both labels as <c>train detector</c>, less the H.264 re-encode (minutes of CPU per round).</summary>
    public AugmentationOptions Augmentation { get; init; } = new() { H264Probability = 0 };

    /// <summary>The first problem with these options, or null.</summary>
    public string? FindProblem() =>
        Rounds < 1 || GeneratorSteps < 0 || GeneratorBatchSize < 1 || DetectorEpochs < 1 || DetectorBatchSize < 2
        || SampledFakes < 1 || AlignedFakes < 0 || SamplingSteps < 1 || ClipsPerFile < 1 || ItemsPerFamily < 1
            ? "rounds, detector epochs, sampled fakes, sampling steps and clips per file must be at least 1, generator steps and aligned fakes at least 0, the detector batch at least 2"
            : Lambda < 0 || GeneratorLearningRate <= 0 || DetectorLearningRate <= 0
                ? "lambda must be at least 0 and the learning rates positive"
                : null;
}
