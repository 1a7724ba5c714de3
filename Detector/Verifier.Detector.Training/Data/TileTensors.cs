using Verifier.Detector.Model;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Data;

/// <summary>
/// Turns tiles into the net's input exactly as scanning does: CHW floats in [0, 1] (CTHW for a card of T frames, whose
/// tiles hold T frames back to back), then the card's normalisation.
/// </summary>
public static class TileTensors
{
    /// <summary>
    /// [B, 3, tile, tile] ([B, 3, T, tile, tile] for an NCTHW card) normalised inputs and [B, 1] labels (1 = AI) for the
    /// tiles at <paramref name="indices"/>.
    /// </summary>
    public static (Tensor Inputs, Tensor Labels) Batch(IReadOnlyList<TrainingTile> tiles, ReadOnlySpan<int> indices, ModelCard card)
    {
        var tile = card.TileSize;
        long[] shape = card.InputLayout == ModelCard.LayoutNchw
            ? [indices.Length, 3, tile, tile]
            : [indices.Length, 3, card.FramesPerSample, tile, tile];
        return (tensor(Samples(tiles, indices, card), shape), Labels(tiles, indices));
    }

    /// <summary>[B, 1] labels (1 = AI) of the tiles at <paramref name="indices"/>.</summary>
    public static Tensor Labels(IReadOnlyList<TrainingTile> tiles, ReadOnlySpan<int> indices)
    {
        var labels = new float[indices.Length];
        for (var b = 0; b < indices.Length; b++)
        {
            labels[b] = tiles[indices[b]].IsAi ? 1f : 0f;
        }

        return tensor(labels, [indices.Length, 1]);
    }

    /// <summary>The tiles at <paramref name="indices"/> as the card's normalised samples, back to back (what DetectorModel.Score takes).</summary>
    public static float[] Samples(IReadOnlyList<TrainingTile> tiles, ReadOnlySpan<int> indices, ModelCard card)
    {
        var plane = card.TileSize * card.TileSize;
        var frames = card.FramesPerSample;
        var inputs = new float[indices.Length * card.SampleLength];
        for (var b = 0; b < indices.Length; b++)
        {
            var source = tiles[indices[b]];
            if (source.Rgb.Length != plane * 3 * frames)
            {
                throw new ArgumentException(
                    $"{source.SourcePath}: a tile of {source.Rgb.Length} bytes is not {frames} frame(s) of {card.TileSize}x{card.TileSize} RGB", nameof(tiles));
            }

            var sample = inputs.AsSpan(b * card.SampleLength, card.SampleLength);
            for (var t = 0; t < frames; t++)
            {
                var frame = source.Rgb.AsSpan(t * plane * 3, plane * 3);
                for (var p = 0; p < plane; p++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        // Channel-planar [c, t, h, w], as the scanner's TileSamples writes clip samples.
                        sample[(((c * frames) + t) * plane) + p] = frame[(p * 3) + c] / 255f;
                    }
                }
            }
        }

        card.Normalise(inputs);
        return inputs;
    }
}
