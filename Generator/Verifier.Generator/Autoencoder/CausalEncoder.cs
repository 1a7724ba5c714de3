using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Verifier.Generator.Autoencoder;

/// <summary>
/// Video [B, 3, 1 + 4k, H, W] to latent [B, C, 1 + k, H/8, W/8]: three stages of residual block + downsample (the first
/// two also halve time), a middle block, then norm, SiLU and a conv to the latent channels. Every layer is causal.
/// </summary>
public sealed class CausalEncoder : nn.Module<Tensor, Tensor>
{
    private readonly CausalConv3d input;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> stages = new();
    private readonly CausalResBlock middle;
    private readonly FrameGroupNorm norm;
    private readonly CausalConv3d output;

    public CausalEncoder(GeneratorConfig config)
        : base(nameof(CausalEncoder))
    {
        var widths = config.AutoencoderChannels;
        input = new CausalConv3d(3, widths[0]);
        var previous = widths[0];
        for (var i = 0; i < widths.Count; i++)
        {
            stages.Add(new CausalResBlock(previous, widths[i]));
            stages.Add(new CausalDownsample(widths[i], temporal: i < 2));
            previous = widths[i];
        }

        middle = new CausalResBlock(previous, previous);
        norm = new FrameGroupNorm(previous);
        output = new CausalConv3d(previous, config.LatentChannels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor video)
    {
        using var scope = NewDisposeScope();
        var h = input.forward(video);
        foreach (var stage in stages)
        {
            h = stage.forward(h);
        }

        h = middle.forward(h);
        return output.forward(nn.functional.silu(norm.forward(h))).MoveToOuterDisposeScope();
    }
}
