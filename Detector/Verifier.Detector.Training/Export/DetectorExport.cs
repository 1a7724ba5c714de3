using Verifier.Detector.Model;
using Verifier.Detector.Training.Net;

namespace Verifier.Detector.Training.Export;

/// <summary>Writes a trained net as the pair scanning loads: NAME.onnx and its card NAME.json.</summary>
public static class DetectorExport
{
    /// <summary>
    /// Exports <paramref name="net"/> (in eval mode; its train/eval state is restored after) to
    /// <paramref name="onnxPath"/> and writes <paramref name="card"/> beside it. The card must describe the net's input.
    /// </summary>
    public static void Save(DetectorNet net, ModelCard card, string onnxPath)
    {
        var frames = net.Options.Frames;
        var layout = frames == 1 ? ModelCard.LayoutNchw : ModelCard.LayoutNcthw;
        if (card.InputLayout != layout || card.Channels != ArtifactStem.InputChannels
            || card.FramesPerSample != frames || card.TileSize != net.Options.TileSize)
        {
            throw new ArgumentException(
                $"card says {card.InputLayout} {card.Channels}x{card.TileSize}x{card.TileSize} ({card.FramesPerSample} frames); " +
                $"the net takes {layout} {ArtifactStem.InputChannels}x{net.Options.TileSize}x{net.Options.TileSize} ({frames} frames)", nameof(card));
        }

        var wasTraining = net.training;
        net.eval();
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(onnxPath))!;
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(onnxPath, net.ToOnnx(card.Name));
            card.Save(ModelCard.PathFor(onnxPath));
        }
        finally
        {
            net.train(wasTraining);
        }
    }
}
