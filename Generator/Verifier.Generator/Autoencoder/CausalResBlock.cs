using TorchSharp;
using static TorchSharp.torch;

namespace Verifier.Generator.Autoencoder;

/// <summary>norm, SiLU, causal conv, twice, plus the input (through a 1x1x1 conv when the width changes).</summary>
public sealed class CausalResBlock : nn.Module<Tensor, Tensor>
{
    private readonly FrameGroupNorm norm1;
    private readonly CausalConv3d conv1;
    private readonly FrameGroupNorm norm2;
    private readonly CausalConv3d conv2;
    private readonly CausalConv3d? skip;

    public CausalResBlock(long inChannels, long outChannels)
        : base(nameof(CausalResBlock))
    {
        norm1 = new FrameGroupNorm(inChannels);
        conv1 = new CausalConv3d(inChannels, outChannels);
        norm2 = new FrameGroupNorm(outChannels);
        conv2 = new CausalConv3d(outChannels, outChannels);
        skip = inChannels == outChannels ? null : new CausalConv3d(inChannels, outChannels, kernel: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = conv1.forward(nn.functional.silu(norm1.forward(x)));
        h = conv2.forward(nn.functional.silu(norm2.forward(h)));
        return (h + (skip?.forward(x) ?? x)).MoveToOuterDisposeScope();
    }
}
