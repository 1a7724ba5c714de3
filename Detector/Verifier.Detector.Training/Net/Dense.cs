using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Net;

/// <summary>A fully connected layer [N, in] -> [N, out], optionally followed by ReLU.</summary>
public sealed class Dense : NetLayer
{
    private readonly Linear linear;
    private readonly bool relu;

    public Dense(int inFeatures, int outFeatures, bool relu)
        : base(nameof(Dense))
    {
        this.relu = relu;
        linear = nn.Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        if (!relu)
        {
            return linear.forward(x);
        }

        using var z = linear.forward(x);
        return nn.functional.relu(z);
    }

    internal override string Export(OnnxExport export, string input)
    {
        var g = export.Graph;
        var z = g.Gemm(input, export.Constant(linear.weight!, "fc_w"), export.Constant(linear.bias!, "fc_b"), transB: true);
        return relu ? g.Relu(z) : z;
    }

    internal override void Import(OnnxImport import)
    {
        import.Into(linear.weight!, "fc_w");
        import.Into(linear.bias!, "fc_b");
    }
}
