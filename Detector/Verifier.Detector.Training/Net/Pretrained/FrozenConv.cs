using TorchSharp;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Net.Pretrained;

/// <summary>
/// A convolution whose batch norm is already folded in (weight and bias), optionally followed by ReLU6, held as
/// buffers: a pretrained layer that training never changes (the optimiser sees no parameters here). Padding is
/// (top, left, bottom, right), as TensorFlow's stride-2 "same" padding is uneven.
/// </summary>
public sealed class FrozenConv : NetLayer
{
    private readonly Tensor weight;
    private readonly Tensor bias;
    private readonly int stride;
    private readonly int groups;
    private readonly (int Top, int Left, int Bottom, int Right) pads;
    private readonly bool relu6;

    /// <param name="weight">[out, in / groups, k, k]; taken over (disposed with this layer).</param>
    public FrozenConv(Tensor weight, Tensor bias, int stride, int groups, (int Top, int Left, int Bottom, int Right) pads, bool relu6)
        : base(nameof(FrozenConv))
    {
        this.weight = weight;
        this.bias = bias;
        this.stride = stride;
        this.groups = groups;
        this.pads = pads;
        this.relu6 = relu6;
        register_buffer("weight", weight);
        register_buffer("bias", bias);
    }

    public override Tensor forward(Tensor x)
    {
        var even = pads.Top == pads.Bottom && pads.Left == pads.Right;
        using var padded = even ? null : nn.functional.pad(x, [pads.Left, pads.Right, pads.Top, pads.Bottom]);
        var z = nn.functional.conv2d(
            padded ?? x, weight, bias, strides: [stride, stride], padding: even ? [pads.Top, pads.Left] : [0, 0], groups: groups);
        if (!relu6)
        {
            return z;
        }

        using (z)
        {
            return nn.functional.relu6(z);
        }
    }

    internal override string Export(OnnxExport export, string input)
    {
        var g = export.Graph;
        var z = g.Conv(input, export.Constant(weight, "frozen_w"), export.Constant(bias, "frozen_b"), stride, pads, groups);
        return relu6 ? g.Clip(z, 0, 6) : z;
    }

    internal override void Import(OnnxImport import)
    {
        var name = import.Into(weight, "frozen_w");
        if (import.StrideOf(name) != stride)
        {
            throw new InvalidDataException($"'{name}' is a stride-{import.StrideOf(name)} convolution where the net has stride {stride}");
        }

        import.Into(bias, "frozen_b");
        if (relu6)
        {
            import.Expect([0f], [], "min");
            import.Expect([6f], [], "max");
        }
    }
}
