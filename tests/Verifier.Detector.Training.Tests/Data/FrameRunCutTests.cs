using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Tests.Support;
using Verifier.Media;

namespace Verifier.Detector.Training.Tests.Data;

/// <summary>A sample of T consecutive frames is cut at one place and degraded by one drawn set of steps, as one frame is.</summary>
[TestClass]
public sealed class FrameRunCutTests
{
    private const int Tile = 32;

    [TestMethod]
    public void EveryFrameOfASampleIsCutAtTheSamePlace()
    {
        Frame[] frames = [.. Enumerable.Range(0, 4).Select(Numbered)];
        var cutter = new TileCutter(Tile, AugmentationOptions.None);
        var random = new Random(8);

        for (var n = 0; n < 5; n++)
        {
            var cut = cutter.Cut(frames, random)!;
            Assert.HasCount(4 * Tile * Tile * 3, cut.Rgb);
            for (var t = 0; t < frames.Length; t++)
            {
                for (var y = 0; y < Tile; y++)
                {
                    for (var x = 0; x < Tile; x++)
                    {
                        for (var c = 0; c < 3; c++)
                        {
                            var expected = frames[t].Rgb[((((cut.Y + y) * frames[t].Width) + cut.X + x) * 3) + c];
                            Assert.AreEqual(expected, cut.Rgb[(((((t * Tile) + y) * Tile) + x) * 3) + c], $"frame {t}, ({x}, {y}), channel {c}");
                        }
                    }
                }
            }
        }
    }

    [TestMethod]
    public void EveryFrameGetsTheSameDegradationsAsAOneFrameCutDrawsThem()
    {
        // Noise aside (drawn afresh per frame), every step is deterministic given its drawn parameters: equal frames must
        // give equal tiles, each the tile a one-frame cut with the same seed gives.
        var all = AugmentationOptions.None with { ResizeProbability = 1, BlurProbability = 1, JpegProbability = 1, MinJpegQuality = 40, MaxJpegQuality = 60 };
        var frame = Pictures.Gradient(120, 90);
        var cutter = new TileCutter(Tile, all);

        for (var seed = 0; seed < 4; seed++)
        {
            var single = cutter.Cut(frame, new Random(seed))!;
            var run = cutter.Cut([frame, frame, frame, frame], new Random(seed))!;

            Assert.HasCount(3, run.Degradations, string.Join(", ", run.Degradations));
            CollectionAssert.AreEqual(single.Degradations.ToArray(), run.Degradations.ToArray());
            Assert.AreEqual((single.X, single.Y, single.RegionSize), (run.X, run.Y, run.RegionSize));
            for (var t = 0; t < 4; t++)
            {
                CollectionAssert.AreEqual(single.Rgb, run.Rgb[(t * single.Rgb.Length)..((t + 1) * single.Rgb.Length)], $"seed {seed}, frame {t}");
            }
        }
    }

    [TestMethod]
    public void NoiseKeepsItsSigmaButIsDrawnAfreshForEachFrame()
    {
        var noisy = AugmentationOptions.None with { NoiseProbability = 1, MaxNoiseSigma = 20 };
        var frame = Pictures.Gradient(96, 96);
        var run = new TileCutter(Tile, noisy).Cut([frame, frame], new Random(3))!;

        var plane = Tile * Tile * 3;
        var differing = Enumerable.Range(0, plane).Count(i => run.Rgb[i] != run.Rgb[plane + i]);
        Assert.ContainsSingle(run.Degradations);
        Assert.IsGreaterThan(plane / 4, differing, run.Degradations[0]);
    }

    [TestMethod]
    public void FramesOfDifferentSizesAreRefused()
    {
        var cutter = new TileCutter(Tile, AugmentationOptions.None);
        Assert.ThrowsExactly<ArgumentException>(() => cutter.Cut([Pictures.Gradient(64, 64), Pictures.Gradient(80, 64)], new Random(1)));
        Assert.ThrowsExactly<ArgumentException>(() => cutter.Cut(Array.Empty<Frame>(), new Random(1)));
    }

    /// <summary>Frame <paramref name="t"/> of a clip: every pixel different within the frame and from the same pixel of other frames.</summary>
    private static Frame Numbered(int t)
    {
        const int width = 90;
        const int height = 70;
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var o = ((y * width) + x) * 3;
                (rgb[o], rgb[o + 1], rgb[o + 2]) = ((byte)(x + (40 * t)), (byte)(y + (60 * t)), (byte)(17 * t));
            }
        }

        return new Frame(width, height, rgb, t / 10.0);
    }
}
