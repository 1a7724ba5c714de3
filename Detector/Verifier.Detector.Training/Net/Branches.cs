using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Net;

/// <summary>Runs every branch on the same input and concatenates their [N, features] outputs.</summary>
public sealed class Branches : NetLayer
{
    private readonly ModuleList<NetLayer> branches;

    public Branches(params NetLayer[] branches)
        : base(nameof(Branches))
    {
        this.branches = nn.ModuleList(branches);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var outputs = branches.Select(branch => branch.forward(input)).ToArray();
        try
        {
            return cat(outputs, 1);
        }
        finally
        {
            foreach (var output in outputs)
            {
                output.Dispose();
            }
        }
    }

    internal override string Export(OnnxExport export, string input) =>
        export.Graph.Concat(1, [.. branches.Select(branch => branch.Export(export, input))]);

    internal override void Import(OnnxImport import)
    {
        foreach (var branch in branches)
        {
            branch.Import(import);
        }
    }
}
