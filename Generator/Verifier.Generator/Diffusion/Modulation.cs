using static TorchSharp.torch;

namespace Verifier.Generator.Diffusion;

/// <summary>adaLN's modulation of normalised tokens [B, N, D] by per-sample shift and scale [B, 1, D].</summary>
internal static class Modulation
{
    public static Tensor Apply(Tensor x, Tensor shift, Tensor scale) => (x * (scale + 1)) + shift;
}
