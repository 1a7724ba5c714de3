using System.Reflection;
using SkiaSharp;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Tests.Support;
using Verifier.Media;

namespace Verifier.Detector.Training.Tests.Data;

/// <summary>Caption, watermark and badge overlays: where they draw, how often the cutter draws them, and that they are seeded and label-blind.</summary>
[TestClass]
public sealed class TileOverlayTests
{
    private const int Tile = 32;

    [TestMethod]
    public void AnOverlayChangesPixelsOnlyInsideTheRegionItReports()
    {
        var (visible, partial) = (0, 0);
        const int draws = 150;
        for (var seed = 0; seed < draws; seed++)
        {
            var random = new Random(seed);
            using var bitmap = FramePixels.ToBitmap(SyntheticTiles.Frame(48, 40, random, upsampled: false));
            var before = bitmap.GetPixelSpan().ToArray();
            var applied = new List<string>();

            var region = TileOverlay.Draw(bitmap, random, applied);

            StringAssert.StartsWith(applied.Single(), "overlay ");
            var after = bitmap.GetPixelSpan();
            var changedInside = 0;
            for (var y = 0; y < bitmap.Height; y++)
            {
                for (var x = 0; x < bitmap.Width; x++)
                {
                    var inside = x >= region.Left && x < region.Right && y >= region.Top && y < region.Bottom;
                    for (var c = 0; c < 4; c++)
                    {
                        var i = (((y * bitmap.Width) + x) * 4) + c;
                        if (after[i] != before[i])
                        {
                            Assert.IsTrue(inside, $"seed {seed} ({applied[0]}): pixel ({x}, {y}) changed outside {region}");
                            changedInside++;
                        }
                    }
                }
            }

            visible += changedInside > 0 ? 1 : 0;
            var touchesEdge = region.Width > 0 && (region.Left == 0 || region.Top == 0 || region.Right == bitmap.Width || region.Bottom == bitmap.Height);
            partial += touchesEdge && region.Width * region.Height < bitmap.Width * bitmap.Height ? 1 : 0;
        }

        Assert.IsGreaterThan(0.8 * draws, visible, "most overlays should leave a visible mark on the square");
        Assert.IsGreaterThan(0.3 * draws, partial, "overlays should often run off the square's edge, as on a tile cut from a marked frame");
    }

    [TestMethod]
    public void TheCutterDrawsOverlaysAtTheirProbabilityBeforeJpeg()
    {
        var frame = Pictures.Gradient(64, 48);
        const int cuts = 2000;
        foreach (var probability in new[] { 0.0, 0.3, 1.0 })
        {
            var cutter = new TileCutter(Tile, AugmentationOptions.None with { OverlayProbability = probability });
            var random = new Random(11);
            var drawn = Enumerable.Range(0, cuts).Count(_ => cutter.Cut(frame, random)!.Degradations.Any(d => d.StartsWith("overlay ", StringComparison.Ordinal)));

            // Four binomial standard deviations either side.
            var slack = 4 * Math.Sqrt(probability * (1 - probability) / cuts);
            Assert.IsInRange(probability - slack, probability + slack, (double)drawn / cuts, $"p = {probability}");
        }

        var both = AugmentationOptions.None with { OverlayProbability = 1, JpegProbability = 1 };
        var order = new TileCutter(Tile, both).Cut(frame, new Random(3))!.Degradations;
        Assert.HasCount(2, order);
        StringAssert.StartsWith(order[0], "overlay ");
        StringAssert.StartsWith(order[1], "jpeg ");
    }

    [TestMethod]
    public void TheSameSeedDrawsTheSameBytesAndAnotherSeedDoesNot()
    {
        var frame = Pictures.Gradient(80, 60);
        var cutter = new TileCutter(Tile, new AugmentationOptions { OverlayProbability = 1 });

        byte[] Tiles(int seed)
        {
            var random = new Random(seed);
            return [.. Enumerable.Range(0, 8).SelectMany(_ => cutter.Cut(frame, random)!.Rgb)];
        }

        CollectionAssert.AreEqual(Tiles(4), Tiles(4));
        CollectionAssert.AreNotEqual(Tiles(4), Tiles(5));
    }

    [TestMethod]
    public void NeitherTheCutterNorTheOverlayCanSeeALabel()
    {
        // What a tile's treatment may depend on: pixels, sizes, options and the random stream, never the item or its label.
        Type[] allowed = [typeof(int), typeof(AugmentationOptions), typeof(Frame), typeof(IReadOnlyList<Frame>), typeof(Random), typeof(SKBitmap), typeof(List<string>)];
        var members = typeof(TileCutter).GetConstructors().Cast<MethodBase>()
            .Concat(typeof(TileCutter).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Concat(typeof(TileOverlay).GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .ToArray();
        Assert.IsGreaterThanOrEqualTo(3, members.Length);
        foreach (var member in members)
        {
            foreach (var parameter in member.GetParameters())
            {
                CollectionAssert.Contains(allowed, parameter.ParameterType, $"{member.DeclaringType!.Name}.{member.Name}({parameter.Name})");
            }
        }

        Assert.IsFalse(typeof(AugmentationOptions).GetProperties().Any(p => p.PropertyType == typeof(bool)), "the options carry no per-label switch");
    }
}
