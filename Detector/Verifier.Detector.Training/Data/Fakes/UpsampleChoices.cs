namespace Verifier.Detector.Training.Data.Fakes;

/// <summary>What an upsampling pseudo-fake is drawn from: a factor and a kernel per item, and sometimes a second pass.</summary>
public sealed record UpsampleChoices
{
    public IReadOnlyList<int> Factors { get; init; } = [2, 3, 4];

    public IReadOnlyList<UpsampleKernel> Kernels { get; init; } = Enum.GetValues<UpsampleKernel>();

    /// <summary>The chance of a second pass (a fresh factor, the same kernel) over the first one's result.</summary>
    public double SecondPassProbability { get; init; } = 0.25;
}
