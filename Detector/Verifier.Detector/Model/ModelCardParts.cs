namespace Verifier.Detector.Model;

/// <summary>Per-channel normalisation applied to pixels in [0, 1] before the net: (x - mean) / std.</summary>
public sealed record Normalisation(IReadOnlyList<float> Mean, IReadOnlyList<float> Std);

/// <summary>Temperature scaling fitted on a held-out split: p(AI) = sigmoid(logit / temperature).</summary>
public sealed record Calibration(double Temperature)
{
    public double ProbabilityOfAi(float logit)
    {
        var z = logit / Temperature;
        // Two branches keep exp from overflowing for large |z|.
        if (z >= 0)
        {
            return 1.0 / (1.0 + Math.Exp(-z));
        }

        var e = Math.Exp(z);
        return e / (1.0 + e);
    }
}

/// <summary>
/// The verdict band: p(AI) at or below <see cref="RealAtMost"/> is real, at or above
/// <see cref="AiAtLeast"/> is AI, anything between is inconclusive.
/// </summary>
public sealed record DecisionThresholds(double RealAtMost, double AiAtLeast)
{
    public Verdict VerdictFor(double probabilityOfAi) =>
        probabilityOfAi >= AiAtLeast ? Verdict.Ai
        : probabilityOfAi <= RealAtMost ? Verdict.Real
        : Verdict.Inconclusive;
}

/// <summary>A generator family (or a real-media source) with how many items and the figures measured on it.</summary>
public sealed record FamilyFigures(string Name, int Items, IReadOnlyDictionary<string, double> Figures);

/// <summary>
/// The generator-family head a model was trained with (training only: the exported model has no such output): its
/// classes, "real" first, and the weight of its cross-entropy in the training loss.
/// </summary>
public sealed record FamilyHead(IReadOnlyList<string> Classes, double Weight);

/// <summary>
/// How a model was made, for whoever weighs its verdicts: the command that trained it, the pretrained backbone it reads
/// (null for none), and the licences of its training files with how many files carry each (a model inherits their terms).
/// </summary>
public sealed record TrainingRecord(string Command, string? Backbone, IReadOnlyDictionary<string, int> DataLicences);
