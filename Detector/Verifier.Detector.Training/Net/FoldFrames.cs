using static TorchSharp.torch;

namespace Verifier.Detector.Training.Net;

/// <summary>
/// Folds time into the batch: [N, 3, T, tile, tile] -> [N*T, 3, tile, tile], frame by frame within each sample, so the
/// one-frame branches run unchanged on every frame (<see cref="TimePool"/> undoes the fold on their features).
/// </summary>
public sealed class FoldFrames(int tileSize) : NetLayer(nameof(FoldFrames))
{
    public override Tensor forward(Tensor x)
    {
        using var framesFirst = x.transpose(1, 2);
        return framesFirst.reshape(-1, ArtifactStem.InputChannels, tileSize, tileSize);
    }

    internal override string Export(OnnxExport export, string input)
    {
        var g = export.Graph;
        return g.Reshape(g.Transpose(input, 0, 2, 1, 3, 4), -1, ArtifactStem.InputChannels, tileSize, tileSize);
    }

    internal override void Import(OnnxImport import)
    {
        // No weights.
    }
}
