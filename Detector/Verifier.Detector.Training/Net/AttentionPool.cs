using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Net;

/// <summary>
/// Pools a feature map [N, C, h, w] to [N, 2C]: an attention-weighted sum (a learned 1x1 score, softmax over
/// positions, so a small synthetic region can dominate) beside the plain mean (so evidence spread evenly counts too).
/// </summary>
public sealed class AttentionPool : NetLayer
{
    private readonly Conv2d score;
    private readonly long channels;

    public AttentionPool(int channels)
        : base(nameof(AttentionPool))
    {
        this.channels = channels;
        score = nn.Conv2d(channels, 1, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var weights = score.forward(x).flatten(2).softmax(2);         // [N, 1, hw]
        var features = x.flatten(2);                                  // [N, C, hw]
        var attended = (features * weights).sum(2);                   // [N, C]
        return cat([attended, features.mean([2])], 1).MoveToOuterDisposeScope();
    }

    internal override string Export(OnnxExport export, string input)
    {
        var g = export.Graph;
        var logits = g.Conv(input, export.Constant(score.weight!, "attention_w"), export.Constant(score.bias!, "attention_b"));
        var weights = g.Softmax(g.Reshape(logits, 0, 1, -1), axis: 2);
        var features = g.Reshape(input, 0, channels, -1);
        var attended = g.ReduceSum(g.Mul(features, weights), [2], keepDims: false);
        return g.Concat(1, attended, g.Flatten(g.GlobalAveragePool(input)));
    }

    internal override void Import(OnnxImport import)
    {
        import.Into(score.weight!, "attention_w");
        import.Into(score.bias!, "attention_b");
    }
}
