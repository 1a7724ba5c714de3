using Verifier.Detector.Training.Data;

namespace Verifier.Detector.Training.Tests.Support;

/// <summary>
/// Samples of T frames that only time can tell apart. Every frame is a crop of a smooth random texture (noise under a
/// 3x3 box blur), so one frame of either label has the same statistics. "Real" samples slide one texture by one pixel a
/// frame (smooth motion: consecutive frames nearly agree); "AI" samples take each frame from a texture of its own
/// (flicker: consecutive frames are independent).
/// </summary>
internal static class SyntheticClips
{
    public static List<TrainingTile> Make(int perLabel, int tile, int frames, int seed)
    {
        var random = new Random(seed);
        var samples = new List<TrainingTile>();
        for (var n = 0; n < perLabel; n++)
        {
            samples.Add(new TrainingTile(Sliding(tile, frames, random), false, "smooth-camera", $"real-{n}"));
            samples.Add(new TrainingTile(Flickering(tile, frames, random), true, "flicker-generator", $"ai-{n}"));
        }

        return samples;
    }

    /// <summary>The same samples cut down to their first frame: what a one-frame net gets.</summary>
    public static List<TrainingTile> FirstFrames(IEnumerable<TrainingTile> samples, int tile) =>
        [.. samples.Select(s => s with { Rgb = s.Rgb[..(tile * tile * 3)] })];

    private static byte[] Sliding(int tile, int frames, Random random)
    {
        var width = tile + frames;
        var texture = Texture(width, tile, random);
        var step = random.Next(2) == 0 ? 1 : -1;
        var rgb = new byte[frames * tile * tile * 3];
        for (var t = 0; t < frames; t++)
        {
            var x0 = step > 0 ? t : frames - t;
            for (var y = 0; y < tile; y++)
            {
                Array.Copy(texture, ((y * width) + x0) * 3, rgb, ((t * tile * tile) + (y * tile)) * 3, tile * 3);
            }
        }

        return rgb;
    }

    private static byte[] Flickering(int tile, int frames, Random random)
    {
        var rgb = new byte[frames * tile * tile * 3];
        for (var t = 0; t < frames; t++)
        {
            // A texture as wide as a sliding one, cropped at a random column: the same per-frame statistics.
            var width = tile + frames;
            var texture = Texture(width, tile, random);
            var x0 = random.Next(frames + 1);
            for (var y = 0; y < tile; y++)
            {
                Array.Copy(texture, ((y * width) + x0) * 3, rgb, ((t * tile * tile) + (y * tile)) * 3, tile * 3);
            }
        }

        return rgb;
    }

    /// <summary>Uniform noise under a 3x3 box blur (edges wrap), RGB24.</summary>
    private static byte[] Texture(int width, int height, Random random)
    {
        var noise = new byte[width * height * 3];
        random.NextBytes(noise);
        var texture = new byte[noise.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var sum = 0;
                    for (var dy = -1; dy <= 1; dy++)
                    {
                        for (var dx = -1; dx <= 1; dx++)
                        {
                            sum += noise[(((((y + dy + height) % height) * width) + ((x + dx + width) % width)) * 3) + c];
                        }
                    }

                    texture[(((y * width) + x) * 3) + c] = (byte)(sum / 9);
                }
            }
        }

        return texture;
    }
}
