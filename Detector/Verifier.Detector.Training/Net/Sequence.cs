using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Net;

/// <summary>Layers applied one after another.</summary>
public sealed class Sequence : NetLayer
{
    private readonly ModuleList<NetLayer> layers;

    public Sequence(params NetLayer[] layers)
        : base(nameof(Sequence))
    {
        this.layers = nn.ModuleList(layers);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var layer in layers)
        {
            var next = layer.forward(x);
            // Intermediate activations are ours to free; the caller owns the input.
            if (!ReferenceEquals(x, input))
            {
                x.Dispose();
            }

            x = next;
        }

        return x;
    }

    internal override string Export(OnnxExport export, string input) =>
        layers.Aggregate(input, (value, layer) => layer.Export(export, value));

    internal override void Import(OnnxImport import)
    {
        foreach (var layer in layers)
        {
            layer.Import(import);
        }
    }
}
