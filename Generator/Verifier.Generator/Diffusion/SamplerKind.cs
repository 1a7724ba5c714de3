namespace Verifier.Generator.Diffusion;

/// <summary>How the flow ODE is integrated: Euler (one velocity per step) or Heun (two, second order).</summary>
public enum SamplerKind
{
    Euler,
    Heun,
}
