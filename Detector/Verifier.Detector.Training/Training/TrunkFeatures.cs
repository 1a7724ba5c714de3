using TorchSharp;
using Verifier.Detector.Model;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Net;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Training;

/// <summary>
/// A frozen trunk's features of every tile of a run, computed once. A probe's trunk is the same pretrained backbone in
/// every fold of leave-one-family-out, so each tile's features are the same in every fold; computed per fold, the
/// backbone would run over the whole corpus once per fold.
/// </summary>
public sealed class TrunkFeatures : IDisposable
{
    private readonly Tensor features;
    // By reference: a tile's place in the set it was computed for (records compare by value, pixels and all).
    private readonly Dictionary<TrainingTile, long> rows;

    private TrunkFeatures(Tensor features, Dictionary<TrainingTile, long> rows)
    {
        this.features = features;
        this.rows = rows;
    }

    /// <summary>The features of <paramref name="tiles"/> through the trunk of <paramref name="options"/>' net, whose head must train on them.</summary>
    public static TrunkFeatures Compute(TrainingOptions options, ModelCard card, IReadOnlyList<TrainingTile> tiles)
    {
        if (!options.TrainsOnTrunkFeatures)
        {
            throw new ArgumentException("only a frozen trunk (a one-frame probe, no adversarial training) computes the features its head trains on", nameof(options));
        }

        var device = TorchDevices.Resolve(options.Device);
        using var net = new DetectorNet(options.Net);
        net.to(device);
        var rows = new Dictionary<TrainingTile, long>(tiles.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < tiles.Count; i++)
        {
            rows.Add(tiles[i], i);
        }

        return new TrunkFeatures(NetLogits.Features(net, tiles, card, options.BatchSize, device), rows);
    }

    /// <summary>The features of <paramref name="tiles"/> (each one of the set computed for), in their order: [tiles, FeatureWidth].</summary>
    public Tensor Of(IReadOnlyList<TrainingTile> tiles)
    {
        var indices = new long[tiles.Count];
        for (var i = 0; i < tiles.Count; i++)
        {
            indices[i] = rows.TryGetValue(tiles[i], out var row)
                ? row
                : throw new ArgumentException($"a tile of {tiles[i].SourcePath} is not one these features were computed for", nameof(tiles));
        }

        using var index = tensor(indices).to(features.device);
        return features.index_select(0, index);
    }

    public void Dispose() => features.Dispose();
}
