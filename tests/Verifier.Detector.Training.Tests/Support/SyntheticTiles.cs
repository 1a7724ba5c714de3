using Verifier.Detector.Training.Data;
using Verifier.Media;

namespace Verifier.Detector.Training.Tests.Support;

/// <summary>
/// Tiles with a known, learnable difference: "real" ones are independent random pixels, "AI" ones are random pixels
/// upsampled 2x by nearest neighbour (the upsampling trace NPR looks for: their residual is zero).
/// </summary>
internal static class SyntheticTiles
{
    public static List<TrainingTile> Make(int perLabel, int tile, int seed)
    {
        var random = new Random(seed);
        var tiles = new List<TrainingTile>();
        for (var n = 0; n < perLabel; n++)
        {
            tiles.Add(new TrainingTile(Frame(tile, tile, random, upsampled: false).Rgb, false, "noise-camera", $"real-{n}"));
            tiles.Add(new TrainingTile(Frame(tile, tile, random, upsampled: true).Rgb, true, "nearest-upsampler", $"ai-{n}"));
        }

        return tiles;
    }

    public static Frame Frame(int width, int height, Random random, bool upsampled)
    {
        var rgb = new byte[width * height * 3];
        var step = upsampled ? 2 : 1;
        for (var y = 0; y < height; y += step)
        {
            for (var x = 0; x < width; x += step)
            {
                for (var c = 0; c < 3; c++)
                {
                    var value = (byte)random.Next(256);
                    for (var dy = 0; dy < step && y + dy < height; dy++)
                    {
                        for (var dx = 0; dx < step && x + dx < width; dx++)
                        {
                            rgb[((((y + dy) * width) + x + dx) * 3) + c] = value;
                        }
                    }
                }
            }
        }

        return new Frame(width, height, rgb, 0);
    }
}
