using static TorchSharp.torch;

namespace Verifier.Detector.Training.Net;

/// <summary>
/// Undoes <see cref="FoldFrames"/> on per-frame features and averages them over time: [N*T, F] -> [N, F], so a sample's
/// verdict weighs its frames evenly whatever order they came in.
/// </summary>
public sealed class TimePool(int frames, int features) : NetLayer(nameof(TimePool))
{
    public override Tensor forward(Tensor x)
    {
        using var perSample = x.reshape(-1, frames, features);
        return perSample.mean([1]);
    }

    internal override string Export(OnnxExport export, string input)
    {
        var g = export.Graph;
        return g.ReduceMean(g.Reshape(input, -1, frames, features), [1], keepDims: false);
    }

    internal override void Import(OnnxImport import)
    {
        // No weights.
    }
}
