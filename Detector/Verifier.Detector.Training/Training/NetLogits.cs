using Verifier.Detector.Model;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Net;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Training;

/// <summary>The eval-mode logits of a <see cref="DetectorNet"/> on tiles, in order, batch by batch.</summary>
public static class NetLogits
{
    public static float[] Of(DetectorNet net, IReadOnlyList<TrainingTile> tiles, ModelCard card, int batchSize, Device device)
    {
        net.eval();
        var logits = new float[tiles.Count];
        var all = Enumerable.Range(0, tiles.Count).ToArray();
        using var noGrad = no_grad();
        for (var start = 0; start < tiles.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var (inputs, _) = TileTensors.Batch(tiles, all.AsSpan(start, Math.Min(batchSize, tiles.Count - start)), card);
            net.forward(inputs.to(device)).cpu().data<float>().CopyTo(logits, start);
        }

        return logits;
    }
}
