using Verifier.Detector.Model;
using Verifier.Detector.Training.Data;
using static TorchSharp.torch;

namespace Verifier.Generator.Adversarial;

/// <summary>
/// Generated video as the detector sees it: every frame cut into a grid of whole tiles (row by row), as a
/// differentiable normalised tensor for the adversarial loss, or as byte tiles for training the detector. Both cut the
/// same grid in the same order.
/// </summary>
public static class DetectorInput
{
    /// <summary>Video [B, 3, F, S, S] in [-1, 1] to the card's normalised tiles [B·F·g², 3, tile, tile] (g = S / tile).</summary>
    public static Tensor Tiles(Tensor video, ModelCard card)
    {
        var tile = card.TileSize;
        var (batch, frames, side) = (video.shape[0], video.shape[2], video.shape[3]);
        CheckSide(side, tile);
        using var scope = NewDisposeScope();
        var tiles = video.permute(0, 2, 1, 3, 4).reshape(batch * frames, 3, side, side)
            .unfold(2, tile, tile).unfold(3, tile, tile)
            .permute(0, 2, 3, 1, 4, 5).reshape(-1, 3, tile, tile);
        var mean = tensor(card.Normalisation.Mean.ToArray()).reshape(1, 3, 1, 1).to(video.dtype, video.device);
        var std = tensor(card.Normalisation.Std.ToArray()).reshape(1, 3, 1, 1).to(video.dtype, video.device);
        return ((((tiles + 1) / 2) - mean) / std).MoveToOuterDisposeScope();
    }

    /// <summary>A clip [3, F, S, S] in [-1, 1] as packed RGB24 training tiles, rounded to bytes as a written clip would be.</summary>
    public static IReadOnlyList<TrainingTile> TrainingTiles(Tensor clip, int tileSize, bool isAi, string family, string source)
    {
        var side = (int)clip.shape[2];
        CheckSide(side, tileSize);
        var tiles = new List<TrainingTile>();
        foreach (var frame in VideoTensors.ToFrames(clip, framesPerSecond: 1))
        {
            for (var top = 0; top < side; top += tileSize)
            {
                for (var left = 0; left < side; left += tileSize)
                {
                    var rgb = new byte[tileSize * tileSize * 3];
                    for (var row = 0; row < tileSize; row++)
                    {
                        frame.Rgb.AsSpan((((top + row) * side) + left) * 3, tileSize * 3).CopyTo(rgb.AsSpan(row * tileSize * 3));
                    }

                    tiles.Add(new TrainingTile(rgb, isAi, family, source));
                }
            }
        }

        return tiles;
    }

    private static void CheckSide(long side, int tile)
    {
        if (side < tile || side % tile != 0)
        {
            throw new ArgumentException($"the generator's {side}x{side} frames cannot be cut into whole {tile}x{tile} detector tiles; " +
                "use a detector whose tile size divides the generator's clip size");
        }
    }
}
