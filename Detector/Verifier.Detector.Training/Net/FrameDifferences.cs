using static TorchSharp.torch;

namespace Verifier.Detector.Training.Net;

/// <summary>
/// Differences of consecutive frames, [N, C, T, H, W] -> [N, C, T-1, H, W] (frame t+1 minus frame t): what changes
/// between frames, with the content that stays put cancelled. A still (T copies of itself) gives zeros.
/// </summary>
public sealed class FrameDifferences() : NetLayer(nameof(FrameDifferences))
{
    public override Tensor forward(Tensor x)
    {
        using var later = x[.., .., TensorIndex.Slice(1, null)];
        using var earlier = x[.., .., TensorIndex.Slice(null, -1)];
        return later - earlier;
    }

    internal override string Export(OnnxExport export, string input)
    {
        var g = export.Graph;
        var later = g.Slice(input, starts: [1], ends: [long.MaxValue], axes: [2], steps: [1]);
        var earlier = g.Slice(input, starts: [0], ends: [-1], axes: [2], steps: [1]);
        return g.Sub(later, earlier);
    }

    internal override void Import(OnnxImport import)
    {
        // No weights.
    }
}
