using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Verifier.Generator.Autoencoder;

/// <summary>
/// A 3D convolution that never looks ahead in time: the time axis is padded with kernel - 1 zero frames in front and
/// none behind, so output frame t sees input frames up to t (t x stride with a temporal stride). Space is padded evenly.
/// </summary>
public sealed class CausalConv3d : nn.Module<Tensor, Tensor>
{
    private readonly Conv3d conv;
    private readonly long[] padding;

    public CausalConv3d(long inChannels, long outChannels, long kernel = 3, long temporalStride = 1, long spatialStride = 1)
        : base(nameof(CausalConv3d))
    {
        conv = nn.Conv3d(inChannels, outChannels, (kernel, kernel, kernel), stride: (temporalStride, spatialStride, spatialStride));
        var side = kernel / 2;

        // pad lists the last axis first: (w left, w right, h top, h bottom, t front, t back).
        padding = [side, side, side, side, kernel - 1, 0];
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var padded = nn.functional.pad(x, padding);
        return conv.forward(padded);
    }
}
