using static TorchSharp.torch;

namespace Verifier.Generator.Autoencoder;

/// <summary>
/// Doubles the side by nearest neighbour (and, when <c>temporal</c>, repeats each frame twice and drops the first copy,
/// so 1 + m frames become 1 + 2m, the inverse of <see cref="CausalDownsample"/>), then a causal conv.
/// </summary>
public sealed class CausalUpsample : nn.Module<Tensor, Tensor>
{
    private readonly CausalConv3d conv;
    private readonly bool temporal;

    public CausalUpsample(long channels, bool temporal)
        : base(nameof(CausalUpsample))
    {
        this.temporal = temporal;
        conv = new CausalConv3d(channels, channels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var up = x.repeat_interleave(2, dim: 3).repeat_interleave(2, dim: 4);
        if (temporal)
        {
            up = up.repeat_interleave(2, dim: 2);
            up = up.narrow(2, 1, up.shape[2] - 1);
        }

        return conv.forward(up).MoveToOuterDisposeScope();
    }
}
