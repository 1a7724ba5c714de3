using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Verifier.Generator.Diffusion;

/// <summary>The flow time t in [0, 1] as 256 sinusoidal features of 1000·t, through Linear, SiLU, Linear (as DiT).</summary>
public sealed class TimestepEmbedder : nn.Module<Tensor, Tensor>
{
    private const int Frequencies = 256;

    private readonly Linear first;
    private readonly Linear second;

    public TimestepEmbedder(int width)
        : base(nameof(TimestepEmbedder))
    {
        first = nn.Linear(Frequencies, width);
        second = nn.Linear(width, width);
        RegisterComponents();
    }

    public override Tensor forward(Tensor time)
    {
        using var scope = NewDisposeScope();
        var half = Frequencies / 2;
        var frequencies = exp(arange(half, dtype: ScalarType.Float32, device: time.device) * (-Math.Log(10000) / half));
        var angles = (time.to(ScalarType.Float32) * 1000).unsqueeze(1) * frequencies.unsqueeze(0);
        var features = cat([cos(angles), sin(angles)], 1).to(first.weight!.dtype);
        return second.forward(nn.functional.silu(first.forward(features))).MoveToOuterDisposeScope();
    }
}
