namespace Verifier.Generator.Diffusion;

/// <summary>
/// Steps of the ODE solver, which solver, the class label (null: unconditional) and the classifier-free guidance scale
/// (1: no guidance; above 1 pushes away from the null-label prediction; needs a label).
/// </summary>
public sealed record SamplingOptions
{
    public int Steps { get; init; } = 25;

    public SamplerKind Sampler { get; init; } = SamplerKind.Heun;

    public int? Label { get; init; }

    public double GuidanceScale { get; init; } = 1.0;
}
