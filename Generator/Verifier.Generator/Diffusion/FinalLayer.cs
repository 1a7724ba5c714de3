using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Verifier.Generator.Diffusion;

/// <summary>adaLN (shift, scale) then a linear map of each token to its patch's values; both zero-initialised as in DiT.</summary>
public sealed class FinalLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LayerNorm norm;
    private readonly Linear modulation;
    private readonly Linear linear;

    public FinalLayer(int width, long patchValues)
        : base(nameof(FinalLayer))
    {
        norm = nn.LayerNorm(width, eps: 1e-6, elementwise_affine: false);
        modulation = nn.Linear(width, 2L * width);
        linear = nn.Linear(width, patchValues);
        RegisterComponents();
        using var noGrad = no_grad();
        foreach (var layer in new[] { modulation, linear })
        {
            nn.init.zeros_(layer.weight!);
            nn.init.zeros_(layer.bias!);
        }
    }

    public override Tensor forward(Tensor x, Tensor condition)
    {
        using var scope = NewDisposeScope();
        var m = modulation.forward(nn.functional.silu(condition)).unsqueeze(1).chunk(2, dim: 2);
        return linear.forward(Modulation.Apply(norm.forward(x), m[0], m[1])).MoveToOuterDisposeScope();
    }
}
