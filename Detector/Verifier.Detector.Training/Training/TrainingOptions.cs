using System.Text.Json.Serialization;
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

    /// <summary>
    /// FGSM adversarial training (Goodfellow et al. 2015): each batch is also attacked in pixel space with this L-inf eps,
    /// in 8-bit levels (2 = 2/255), and the loss is the mean of the clean and the attacked batch's. 0 (the default) is off
    /// and trains exactly as without it; it is then left out of the checkpoint settings, so earlier checkpoints resume.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double AdversarialEpsilon { get; init; }

    /// <summary>
    /// Weight w of the generator-family head's cross-entropy in the loss (BCE + w * CE; detection.md §4.1). The head
    /// reads the pooled features and is training-only. 0 (the default here) builds no head and trains exactly as
    /// without it; it is then left out of the checkpoint settings.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double FamilyWeight { get; init; }

    /// <summary>
    /// Whether the head may train on the frozen trunk's features instead of the tiles: the net's trunk is frozen and no
    /// adversarial attack needs the pixels.
    /// </summary>
    [JsonIgnore]
    public bool TrainsOnTrunkFeatures => Net.TrunkIsFrozen && AdversarialEpsilon == 0;

    /// <summary>The family head's classes (<see cref="Training.FamilyClasses.Of"/> of the training side); needed when <see cref="FamilyWeight"/> is above 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? FamilyClasses { get; init; }
}
