using Verifier.Detector.Model;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Data;

/// <summary>Turns tiles into the net's input exactly as scanning does: CHW floats in [0, 1], then the card's normalisation.</summary>
public static class TileTensors
{
    /// <summary>[B, 3, tile, tile] normalised inputs and [B, 1] labels (1 = AI) for the tiles at <paramref name="indices"/>.</summary>
    public static (Tensor Inputs, Tensor Labels) Batch(IReadOnlyList<TrainingTile> tiles, ReadOnlySpan<int> indices, ModelCard card)
    {
        var labels = new float[indices.Length];
        for (var b = 0; b < indices.Length; b++)
        {
            labels[b] = tiles[indices[b]].IsAi ? 1f : 0f;
        }

        var tile = card.TileSize;
        return (tensor(Samples(tiles, indices, card), [indices.Length, 3, tile, tile]), tensor(labels, [indices.Length, 1]));
    }

    /// <summary>The tiles at <paramref name="indices"/> as the card's normalised samples, back to back (what DetectorModel.Score takes).</summary>
    public static float[] Samples(IReadOnlyList<TrainingTile> tiles, ReadOnlySpan<int> indices, ModelCard card)
    {
        var plane = card.TileSize * card.TileSize;
        var inputs = new float[indices.Length * card.SampleLength];
        for (var b = 0; b < indices.Length; b++)
        {
            var source = tiles[indices[b]];
            if (source.Rgb.Length != plane * 3)
            {
                throw new ArgumentException($"{source.SourcePath}: a tile of {source.Rgb.Length} bytes is not {card.TileSize}x{card.TileSize} RGB", nameof(tiles));
            }

            var sample = inputs.AsSpan(b * card.SampleLength, card.SampleLength);
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < 3; c++)
                {
                    sample[(c * plane) + p] = source.Rgb[(p * 3) + c] / 255f;
                }
            }
        }

        card.Normalise(inputs);
        return inputs;
    }
}
