using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Tests.Support;

namespace Verifier.Detector.Training.Tests.Data;

/// <summary>Native-resolution crops and each degradation, checked against the frame's known pixels.</summary>
[TestClass]
public sealed class TileCutterTests
{
    private const int Tile = 32;

    [TestMethod]
    public void WithoutAugmentationATileIsTheFramesPixelsAtItsPlace()
    {
        var frame = Pictures.Gradient(100, 70);
        var cutter = new TileCutter(Tile, AugmentationOptions.None);
        var random = new Random(5);

        for (var n = 0; n < 10; n++)
        {
            var cut = cutter.Cut(frame, random)!;
            Assert.AreEqual(Tile, cut.RegionSize);
            Assert.IsEmpty(cut.Degradations);
            Assert.IsInRange(0, 100 - Tile, cut.X);
            Assert.IsInRange(0, 70 - Tile, cut.Y);
            for (var y = 0; y < Tile; y++)
            {
                for (var x = 0; x < Tile; x++)
                {
                    var o = ((y * Tile) + x) * 3;
                    Assert.AreEqual((byte)(cut.X + x), cut.Rgb[o], $"R at ({x}, {y})");
                    Assert.AreEqual((byte)(cut.Y + y), cut.Rgb[o + 1], $"G at ({x}, {y})");
                    Assert.AreEqual((byte)(((cut.X + x) * 7 + ((cut.Y + y) * 13)) % 256), cut.Rgb[o + 2], $"B at ({x}, {y})");
                }
            }
        }
    }

    [TestMethod]
    public void AFrameSmallerThanATileGivesNone()
    {
        Assert.IsNull(new TileCutter(Tile, AugmentationOptions.None).Cut(Pictures.Gradient(Tile - 1, 200), new Random(1)));
    }

    [TestMethod]
    public void JpegAtLowQualityChangesPixelsButKeepsTheContent()
    {
        var frame = Pictures.Gradient(120, 120);
        var jpegOnly = AugmentationOptions.None with { JpegProbability = 1, MinJpegQuality = 30, MaxJpegQuality = 30 };
        var cut = new TileCutter(Tile, jpegOnly).Cut(frame, new Random(2))!;

        CollectionAssert.AreEqual(new[] { "jpeg q30" }, cut.Degradations.ToArray());
        Assert.AreEqual(Tile + 8, cut.RegionSize, "JPEG works on a margin so its grid is offset from the tile's");
        var (changed, meanError) = CompareWithPlainCrops(frame, cut);
        Assert.IsGreaterThan(0.1, changed, "JPEG q30 left the pixels untouched");
        Assert.IsLessThan(12.0, meanError, "JPEG q30 should keep a smooth gradient close to the original");
    }

    [TestMethod]
    public void ResizeShrinksALargerRegionIntoTheTile()
    {
        var frame = Pictures.Gradient(200, 200);
        var resizeOnly = AugmentationOptions.None with { ResizeProbability = 1, MinScale = 0.5 };
        var cut = new TileCutter(Tile, resizeOnly).Cut(frame, new Random(3))!;

        Assert.IsInRange(Tile + 1, 2 * Tile, cut.RegionSize);
        StringAssert.StartsWith(cut.Degradations.Single(), $"resize {cut.RegionSize}->{Tile}");
        // R encodes x: across the tile it now spans about the region's width, not the tile's.
        var span = cut.Rgb[((Tile - 1) * 3)] - cut.Rgb[0];
        Assert.IsInRange(cut.RegionSize - 4, cut.RegionSize, span + 1);
    }

    [TestMethod]
    public void BlurSmoothsAndNoiseRoughensTheTile()
    {
        var frame = Checkerboard(96);
        var plain = new TileCutter(Tile, AugmentationOptions.None).Cut(frame, new Random(4))!;
        var blurred = new TileCutter(Tile, AugmentationOptions.None with { BlurProbability = 1, MaxBlurSigma = 1.5 }).Cut(frame, new Random(4))!;
        var noisy = new TileCutter(Tile, AugmentationOptions.None with { NoiseProbability = 1, MaxNoiseSigma = 20 }).Cut(Pictures.Gradient(96, 96), new Random(4))!;
        var flat = new TileCutter(Tile, AugmentationOptions.None).Cut(Pictures.Gradient(96, 96), new Random(4))!;

        Assert.IsLessThan(0.8 * Roughness(plain.Rgb), Roughness(blurred.Rgb), string.Join(",", blurred.Degradations) + ": blur should cut the checkerboard's pixel-to-pixel energy");
        Assert.IsGreaterThan(Roughness(flat.Rgb) + 1, Roughness(noisy.Rgb), "noise should add pixel-to-pixel energy");
    }

    /// <summary>Fraction of values that differ from any plain crop at the cut's offsets, and the mean absolute error of the best.</summary>
    private static (double Changed, double MeanError) CompareWithPlainCrops(Verifier.Media.Frame frame, TileCut cut)
    {
        var best = (Changed: 1.0, MeanError: double.MaxValue);
        for (var oy = 0; oy <= 8; oy++)
        {
            for (var ox = 0; ox <= 8; ox++)
            {
                double error = 0;
                var changed = 0;
                for (var y = 0; y < Tile; y++)
                {
                    for (var x = 0; x < Tile; x++)
                    {
                        for (var c = 0; c < 3; c++)
                        {
                            var expected = frame.Rgb[((((cut.Y + oy + y) * frame.Width) + cut.X + ox + x) * 3) + c];
                            var diff = Math.Abs(expected - cut.Rgb[(((y * Tile) + x) * 3) + c]);
                            error += diff;
                            changed += diff > 0 ? 1 : 0;
                        }
                    }
                }

                error /= Tile * Tile * 3;
                if (error < best.MeanError)
                {
                    best = ((double)changed / (Tile * Tile * 3), error);
                }
            }
        }

        return best;
    }

    private static Verifier.Media.Frame Checkerboard(int size)
    {
        var rgb = new byte[size * size * 3];
        for (var i = 0; i < size * size; i++)
        {
            var v = (byte)((((i % size) + (i / size)) % 2) * 200);
            rgb[i * 3] = rgb[(i * 3) + 1] = rgb[(i * 3) + 2] = v;
        }

        return new Verifier.Media.Frame(size, size, rgb, 0);
    }

    /// <summary>Mean absolute difference between horizontally neighbouring values.</summary>
    private static double Roughness(byte[] rgb)
    {
        double sum = 0;
        var count = 0;
        for (var y = 0; y < Tile; y++)
        {
            for (var x = 1; x < Tile; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    sum += Math.Abs(rgb[(((y * Tile) + x) * 3) + c] - rgb[(((y * Tile) + x - 1) * 3) + c]);
                    count++;
                }
            }
        }

        return sum / count;
    }
}
