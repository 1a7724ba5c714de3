using Verifier.Detector.Model;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Net;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Training;

/// <summary>The eval-mode outputs of a <see cref="DetectorNet"/> on tiles, in order, batch by batch.</summary>
public static class NetLogits
{
    public static float[] Of(DetectorNet net, IReadOnlyList<TrainingTile> tiles, ModelCard card, int batchSize, Device device) =>
        Batched(net, tiles, card, batchSize, device, inputs => net.forward(inputs));

    /// <summary>The family head's arg-max class per tile; throws when the net has no family head.</summary>
    public static int[] Families(DetectorNet net, IReadOnlyList<TrainingTile> tiles, ModelCard card, int batchSize, Device device) =>
        [.. Batched(net, tiles, card, batchSize, device, inputs => net.ForwardWithFamily(inputs).Family.argmax(1).to_type(ScalarType.Float32))
            .Select(v => (int)v)];

    /// <summary>The pooled features [tiles, FeatureWidth] of every tile, in order, on <paramref name="device"/> (eval mode, no gradients).</summary>
    public static Tensor Features(DetectorNet net, IReadOnlyList<TrainingTile> tiles, ModelCard card, int batchSize, Device device)
    {
        var batches = new List<Tensor>();
        try
        {
            EachBatch(net, tiles, card, batchSize, device, (_, inputs) => batches.Add(net.Features(inputs).MoveToOuterDisposeScope()));
            return cat(batches, 0);
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }

    /// <summary>The eval-mode logits of the head on a frozen trunk's features [tiles, FeatureWidth], in order, batch by batch.</summary>
    public static float[] OfFeatures(DetectorNet net, Tensor features, int batchSize)
    {
        net.eval();
        var values = new float[features.shape[0]];
        using var noGrad = no_grad();
        for (var start = 0; start < values.Length; start += batchSize)
        {
            using var scope = NewDisposeScope();
            net.Head(features.narrow(0, start, Math.Min(batchSize, values.Length - start))).cpu().data<float>().CopyTo(values, start);
        }

        return values;
    }

    /// <summary>One float per tile from <paramref name="output"/>.</summary>
    private static float[] Batched(DetectorNet net, IReadOnlyList<TrainingTile> tiles, ModelCard card, int batchSize, Device device, Func<Tensor, Tensor> output)
    {
        var values = new float[tiles.Count];
        EachBatch(net, tiles, card, batchSize, device, (start, inputs) => output(inputs).cpu().data<float>().CopyTo(values, start));
        return values;
    }

    /// <summary>
    /// Hands <paramref name="use"/> each batch's first tile index and its inputs on <paramref name="device"/>, in order, with
    /// the net in eval mode, without gradients, inside a dispose scope per batch.
    /// </summary>
    private static void EachBatch(DetectorNet net, IReadOnlyList<TrainingTile> tiles, ModelCard card, int batchSize, Device device, Action<int, Tensor> use)
    {
        net.eval();
        var all = Enumerable.Range(0, tiles.Count).ToArray();
        using var noGrad = no_grad();
        for (var start = 0; start < tiles.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var (inputs, _) = TileTensors.Batch(tiles, all.AsSpan(start, Math.Min(batchSize, tiles.Count - start)), card);
            use(start, inputs.to(device));
        }
    }
}
