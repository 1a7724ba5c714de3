using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Verifier.Generator.Autoencoder;

/// <summary>
/// Latent [B, C, 1 + k, H/8, W/8] back to video [B, 3, 1 + 4k, H, W], the encoder mirrored: a conv in, a middle block,
/// three stages of residual block + upsample (the last two also double time), then norm, SiLU and a conv to RGB.
/// </summary>
public sealed class CausalDecoder : nn.Module<Tensor, Tensor>
{
    private readonly CausalConv3d input;
    private readonly CausalResBlock middle;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> stages = new();
    private readonly FrameGroupNorm norm;
    private readonly CausalConv3d output;

    public CausalDecoder(GeneratorConfig config)
        : base(nameof(CausalDecoder))
    {
        var widths = config.AutoencoderChannels;
        var previous = widths[^1];
        input = new CausalConv3d(config.LatentChannels, previous);
        middle = new CausalResBlock(previous, previous);
        for (var i = widths.Count - 1; i >= 0; i--)
        {
            stages.Add(new CausalResBlock(previous, widths[i]));
            stages.Add(new CausalUpsample(widths[i], temporal: i < 2));
            previous = widths[i];
        }

        norm = new FrameGroupNorm(previous);
        output = new CausalConv3d(previous, 3);
        RegisterComponents();
    }

    public override Tensor forward(Tensor latent)
    {
        using var scope = NewDisposeScope();
        var h = middle.forward(input.forward(latent));
        foreach (var stage in stages)
        {
            h = stage.forward(h);
        }

        return output.forward(nn.functional.silu(norm.forward(h))).MoveToOuterDisposeScope();
    }
}
