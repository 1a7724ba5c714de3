using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Net;

/// <summary>3x3 convolution (no bias), batch norm, ReLU. The export folds the norm's running statistics into the convolution.</summary>
public sealed class ConvBnRelu : NetLayer
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d norm;
    private readonly int stride;

    public ConvBnRelu(int inChannels, int outChannels, int stride)
        : base(nameof(ConvBnRelu))
    {
        this.stride = stride;
        conv = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        norm = nn.BatchNorm2d(outChannels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var convolved = conv.forward(x);
        using var normed = norm.forward(convolved);
        return nn.functional.relu(normed);
    }

    internal override string Export(OnnxExport export, string input)
    {
        // Eval-mode BN is y = (z - mean) * gamma / sqrt(var + eps) + beta, a per-channel affine map of the conv output.
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var scale = norm.weight! / (norm.running_var! + norm.eps).sqrt();
        var weight = conv.weight! * scale.reshape(-1, 1, 1, 1);
        var bias = norm.bias! - norm.running_mean! * scale;
        var g = export.Graph;
        return g.Relu(g.Conv(input, export.Constant(weight, "conv_w"), export.Constant(bias, "conv_b"), stride: stride, padding: 1));
    }

    /// <summary>
    /// Takes the folded convolution back: its weight into the conv, and the norm made the identity plus the folded bias
    /// (mean 0, variance 1, gamma sqrt(1 + eps) so that gamma / sqrt(var + eps) is 1). Only eval mode computes the export's function.
    /// </summary>
    internal override void Import(OnnxImport import)
    {
        var name = import.Into(conv.weight!, "conv_w");
        if (import.StrideOf(name) != stride)
        {
            throw new InvalidDataException($"'{name}' is a stride-{import.StrideOf(name)} convolution where the net has stride {stride}");
        }

        using (no_grad())
        {
            norm.running_mean!.zero_();
            norm.running_var!.fill_(1);
            norm.weight!.fill_(Math.Sqrt(1 + norm.eps));
        }

        import.Into(norm.bias!, "conv_b");
    }
}
