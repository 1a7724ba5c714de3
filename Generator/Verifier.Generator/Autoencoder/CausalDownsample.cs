using static TorchSharp.torch;

namespace Verifier.Generator.Autoencoder;

/// <summary>
/// Halves the side (and, when <c>temporal</c>, the time after the first frame: 1 + 2m frames become 1 + m) with a
/// strided causal conv; latent frame j then depends on input frames up to 2j only.
/// </summary>
public sealed class CausalDownsample : nn.Module<Tensor, Tensor>
{
    private readonly CausalConv3d conv;

    public CausalDownsample(long channels, bool temporal)
        : base(nameof(CausalDownsample))
    {
        conv = new CausalConv3d(channels, channels, temporalStride: temporal ? 2 : 1, spatialStride: 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => conv.forward(x);
}
