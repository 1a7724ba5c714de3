using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Verifier.Generator.Diffusion;

/// <summary>
/// A DiT block with adaLN-Zero: the condition gives shift, scale and gate for attention and for the MLP; the gates start
/// at zero (the modulation layer is zero-initialised), so every block starts as the identity.
/// </summary>
public sealed class DitBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly SelfAttention attention;
    private readonly LayerNorm norm2;
    private readonly Sequential mlp;
    private readonly Linear modulation;

    public DitBlock(int width, int heads, int mlpRatio)
        : base(nameof(DitBlock))
    {
        norm1 = nn.LayerNorm(width, eps: 1e-6, elementwise_affine: false);
        attention = new SelfAttention(width, heads);
        norm2 = nn.LayerNorm(width, eps: 1e-6, elementwise_affine: false);
        mlp = nn.Sequential(nn.Linear(width, (long)width * mlpRatio), nn.GELU(), nn.Linear((long)width * mlpRatio, width));
        modulation = nn.Linear(width, 6L * width);
        RegisterComponents();
        using var noGrad = no_grad();
        nn.init.zeros_(modulation.weight!);
        nn.init.zeros_(modulation.bias!);
    }

    /// <summary><paramref name="x"/>: tokens [B, N, D]; <paramref name="condition"/>: [B, D] (time + label).</summary>
    public override Tensor forward(Tensor x, Tensor condition)
    {
        using var scope = NewDisposeScope();
        var m = modulation.forward(nn.functional.silu(condition)).unsqueeze(1).chunk(6, dim: 2);
        var (shiftAttn, scaleAttn, gateAttn, shiftMlp, scaleMlp, gateMlp) = (m[0], m[1], m[2], m[3], m[4], m[5]);
        x = x + (gateAttn * attention.forward(Modulation.Apply(norm1.forward(x), shiftAttn, scaleAttn)));
        x = x + (gateMlp * mlp.forward(Modulation.Apply(norm2.forward(x), shiftMlp, scaleMlp)));
        return x.MoveToOuterDisposeScope();
    }
}
