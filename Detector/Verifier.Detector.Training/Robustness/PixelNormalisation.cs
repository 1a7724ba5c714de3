using Verifier.Detector.Model;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Robustness;

/// <summary>
/// A card's per-channel normalisation as tensor maths on [N, C, H, W] batches, both ways: attacks work on pixels in
/// [0, 1] (where eps and the pixel range are defined) while the net takes normalised input.
/// </summary>
public sealed class PixelNormalisation : IDisposable
{
    private readonly Tensor mean;
    private readonly Tensor std;

    public PixelNormalisation(Normalisation normalisation, Device? device = null)
    {
        var channels = normalisation.Mean.Count;
        mean = tensor(normalisation.Mean.ToArray(), [1, channels, 1, 1], device: device);
        std = tensor(normalisation.Std.ToArray(), [1, channels, 1, 1], device: device);
    }

    /// <summary>(pixels - mean) / std, differentiable.</summary>
    public Tensor Normalise(Tensor pixels) => (pixels - mean) / std;

    /// <summary>normalised * std + mean: the pixels a normalised batch came from.</summary>
    public Tensor Pixels(Tensor normalised) => (normalised * std) + mean;

    public void Dispose()
    {
        mean.Dispose();
        std.Dispose();
    }
}
