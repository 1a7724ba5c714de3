namespace Verifier.Detector.Training.Data.Fakes;

/// <summary>
/// The passes one pseudo-fake goes through (one or two, all with the same kernel, so there is one family per kernel).
/// </summary>
public sealed record UpsampleRecipe(IReadOnlyList<UpsamplePass> Passes)
{
    /// <summary>Each side must keep at least this many pixels at the smallest scale of the recipe.</summary>
    public const int MinimumScaledSide = 8;

    public string Family => $"pseudo-fake: upsample {Passes[0].KernelName}";

    public string Filters => string.Join(',', Passes.Select(p => p.Filters));

    public string Description => string.Join("; then ", Passes.Select(p => p.Description));

    public int MinimumSide => MinimumScaledSide * Passes.Aggregate(1, (product, pass) => product * pass.Factor);

    public static UpsampleRecipe Draw(Random random, UpsampleChoices choices)
    {
        var kernel = choices.Kernels[random.Next(choices.Kernels.Count)];
        var passes = new List<UpsamplePass> { new(choices.Factors[random.Next(choices.Factors.Count)], kernel) };
        if (random.NextDouble() < choices.SecondPassProbability)
        {
            passes.Add(new UpsamplePass(choices.Factors[random.Next(choices.Factors.Count)], kernel));
        }

        return new UpsampleRecipe(passes);
    }
}
