using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Verifier.Generator.Diffusion;

/// <summary>Class labels 0..classes-1 plus the null label <c>classes</c> (no class: the unconditional branch of guidance).</summary>
public sealed class LabelEmbedder : nn.Module<Tensor, Tensor>
{
    private readonly Embedding table;

    public LabelEmbedder(int classes, int width)
        : base(nameof(LabelEmbedder))
    {
        NullLabel = classes;
        table = nn.Embedding(classes + 1, width);
        RegisterComponents();
    }

    public int NullLabel { get; }

    public override Tensor forward(Tensor labels) => table.forward(labels);
}
