using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Verifier.Generator.Autoencoder;

/// <summary>
/// Group norm applied to each frame on its own: a plain GroupNorm over [C, T, H, W] would mix statistics of later
/// frames into earlier ones and break the encoder's causality.
/// </summary>
public sealed class FrameGroupNorm : nn.Module<Tensor, Tensor>
{
    private readonly GroupNorm norm;

    public FrameGroupNorm(long channels)
        : base(nameof(FrameGroupNorm))
    {
        norm = nn.GroupNorm(Math.Min(8, channels), channels);
        RegisterComponents();

        // TorchSharp 0.107's GroupNorm leaves its affine parameters uninitialised (NaN garbage seen here): set PyTorch's ones/zeros.
        using var noGrad = no_grad();
        nn.init.ones_(norm.weight!);
        nn.init.zeros_(norm.bias!);
    }

    public override Tensor forward(Tensor x)
    {
        var (batch, channels, frames, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3], x.shape[4]);
        using var perFrame = x.transpose(1, 2).reshape(batch * frames, channels, height, width);
        using var normed = norm.forward(perFrame);
        return normed.reshape(batch, frames, channels, height, width).transpose(1, 2);
    }
}
