using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Verifier.Generator.Diffusion;

/// <summary>Multi-head self-attention over all spacetime tokens (full 3D attention, as Sora-style DiTs use).</summary>
public sealed class SelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear projection;
    private readonly int heads;

    public SelfAttention(int width, int heads)
        : base(nameof(SelfAttention))
    {
        this.heads = heads;
        qkv = nn.Linear(width, 3L * width);
        projection = nn.Linear(width, width);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (batch, tokens, width) = (x.shape[0], x.shape[1], x.shape[2]);
        var parts = qkv.forward(x).reshape(batch, tokens, 3, heads, width / heads).permute(2, 0, 3, 1, 4);
        var attended = nn.functional.scaled_dot_product_attention(parts[0], parts[1], parts[2]);
        return projection.forward(attended.transpose(1, 2).reshape(batch, tokens, width)).MoveToOuterDisposeScope();
    }
}
