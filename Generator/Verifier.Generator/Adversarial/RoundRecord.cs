namespace Verifier.Generator.Adversarial;

/// <summary>
/// What one round measured (round 0: the starting detector and generator, before any adversarial training). AUC and
/// TPR are tile-level, on the families held out of training, with a 95% bootstrap interval; fooling rates are the
/// share of the round's fakes the round's detector calls real (<see cref="GeneratorFakes.Judge"/>): sampled clips after
/// the generator's fine-tune (and before it, from the same noise), and aligned reconstructions. Losses are means over
/// the first and last tenth of the round's steps; null where the round did not train that part.
/// </summary>
public sealed record RoundRecord(
    int Round,
    double HeldOutAuc,
    double HeldOutAucLow,
    double HeldOutAucHigh,
    double HeldOutTprAt1PctFpr,
    double FoolingRate,
    double MeanFakeLogit,
    double? FoolingRateBeforeGeneratorStep,
    double? AlignedFoolingRate,
    double? DetectorLossFirst,
    double? DetectorLossLast,
    double? FlowLossFirst,
    double? FlowLossLast,
    double? AdversarialLossFirst,
    double? AdversarialLossLast,
    double Seconds)
{
    /// <summary>The means of the first and last tenth (at least one value) of <paramref name="losses"/>; nulls when empty.</summary>
    public static (double? First, double? Last) Ends(IReadOnlyList<float> losses)
    {
        if (losses.Count == 0)
        {
            return (null, null);
        }

        var window = Math.Max(1, losses.Count / 10);
        return (losses.Take(window).Average(), losses.TakeLast(window).Average());
    }
}
