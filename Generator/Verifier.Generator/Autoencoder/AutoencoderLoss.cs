using static TorchSharp.torch;

namespace Verifier.Generator.Autoencoder;

/// <summary>
/// L1 on pixels plus an edge term: L1 between the horizontal and vertical image gradients of the reconstruction and of
/// the target (no pretrained perceptual net can be had here; the gradient term keeps edges from blurring).
/// </summary>
public static class AutoencoderLoss
{
    public const double DefaultEdgeWeight = 0.5;

    public static Tensor Compute(Tensor reconstruction, Tensor target, double edgeWeight = DefaultEdgeWeight)
    {
        using var scope = NewDisposeScope();
        var pixels = (reconstruction - target).abs().mean();
        var edges = (Gradient(reconstruction, 4) - Gradient(target, 4)).abs().mean()
                    + (Gradient(reconstruction, 3) - Gradient(target, 3)).abs().mean();
        return (pixels + (edges * edgeWeight)).MoveToOuterDisposeScope();
    }

    /// <summary>Forward difference along <paramref name="dim"/> (3: rows, 4: columns).</summary>
    internal static Tensor Gradient(Tensor x, int dim)
    {
        var length = x.shape[dim] - 1;
        return x.narrow(dim, 1, length) - x.narrow(dim, 0, length);
    }
}
