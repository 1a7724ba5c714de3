using Verifier.Detector.Training.CorpusNormalisation;
using Verifier.Detector.Training.Data;
using Verifier.Media;

namespace Verifier.Detector.Training.Tests.CorpusNormalisation;

/// <summary>The draws and the crop/size arithmetic of <see cref="NormalisationRule"/>, checked against sizes worked out by hand.</summary>
[TestClass]
public sealed class NormalisationRuleTests
{
    [TestMethod]
    // 640x480 to 16:9: the full width, 360 rows; short side 300 -> 533x300 (300 * 16 / 9 = 533.3).
    [DataRow(640, 480, 16, 9, 300, false, 640, 360, 533, 300)]
    // A 512 square to 3:4: 384 columns, every row; short side 300 -> 300x400.
    [DataRow(512, 512, 3, 4, 300, false, 384, 512, 300, 400)]
    // Smaller than the draw: the crop's own short side, never an upscale.
    [DataRow(200, 100, 1, 1, 300, false, 100, 100, 100, 100)]
    // Clips: every side even. 321x241 to 4:3: every column, 321 * 3 / 4 = 240 rows; even: 320x240; short side 150 -> 200x150.
    [DataRow(321, 241, 4, 3, 150, true, 320, 240, 200, 150)]
    // 16:9 from a 135-row strip, draw 175: capped at 134 rows (even), 134 * 16 / 9 = 238.2 -> 238.
    [DataRow(480, 135, 16, 9, 175, true, 240, 134, 238, 134)]
    public void CropsTheLargestCentredAspectAndScalesToTheDrawnShortSide(
        int width, int height, int aspectW, int aspectH, int shortSide, bool even, int cropW, int cropH, int outW, int outH)
    {
        var reframe = NormalisationRule.Reframe(new AspectRatio(aspectW, aspectH), shortSide, new FrameSize(width, height), even);

        Assert.AreEqual(new Reframing(new FrameSize(cropW, cropH), new FrameSize(outW, outH)), reframe);
    }

    [TestMethod]
    public void AtNativeScaleTheWindowIsTheOutputAndItsPixelsAreTheSources()
    {
        // Same draw as the scaled case above (640x480, 16:9, short side 300): output 533x300, now cut 1:1 from the middle.
        var reframe = NormalisationRule.Reframe(new AspectRatio(16, 9), 300, new FrameSize(640, 480), evenSides: false, nativeScale: true);
        Assert.AreEqual(new Reframing(new FrameSize(533, 300), new FrameSize(533, 300)), reframe);

        // Through the transcoder (lossless PNG, no quality): every pixel is the source's, at offset ((640-533)/2, (480-300)/2).
        var folder = Directory.CreateTempSubdirectory("verifier-native-").FullName;
        try
        {
            var (source, output) = (Path.Combine(folder, "in.png"), Path.Combine(folder, "out.png"));
            using (var bitmap = new SkiaSharp.SKBitmap(640, 480))
            {
                for (var y = 0; y < 480; y++)
                {
                    for (var x = 0; x < 640; x++)
                    {
                        bitmap.SetPixel(x, y, new SkiaSharp.SKColor((byte)(x * 7), (byte)(y * 13), (byte)((x ^ y) * 3)));
                    }
                }

                using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(source, data.ToArray());
            }

            ImageTranscoder.Write(source, output, new ImageEdit { Reframe = reframe });
            using var written = SkiaSharp.SKBitmap.Decode(output);
            Assert.AreEqual((533, 300), (written.Width, written.Height));
            for (var y = 0; y < 300; y += 7)
            {
                for (var x = 0; x < 533; x += 5)
                {
                    var (sx, sy) = (x + 53, y + 90);
                    Assert.AreEqual(new SkiaSharp.SKColor((byte)(sx * 7), (byte)(sy * 13), (byte)((sx ^ sy) * 3)), written.GetPixel(x, y), $"({x},{y})");
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void EveryDrawLiesInTheDocumentedSetsAndTheOutputKeepsItsAspect()
    {
        var sources = new FrameSize[] { new(512, 512), new(640, 480), new(1920, 1080), new(300, 400), new(176, 144) };
        for (var n = 0; n < 200; n++)
        {
            var source = sources[n % sources.Length];
            var still = NormalisationRule.ForStill(ItemDraws.For(7, $"ai/x{n}.png"), source);
            var clip = NormalisationRule.ForClip(ItemDraws.For(7, $"real/y{n}.mp4"), source);

            CollectionAssert.Contains(NormalisationRule.Aspects.ToArray(), still.Aspect);
            Assert.IsTrue(still.JpegQuality is >= NormalisationRule.JpegQualityMin and <= NormalisationRule.JpegQualityMax, $"{still}");
            AssertShortSide(still.Reframe, source, NormalisationRule.StillShortSideMin, NormalisationRule.StillShortSideMax, slack: 0);
            AssertAspect(still.Aspect, still.Reframe.Output, tolerance: 1);

            CollectionAssert.Contains(NormalisationRule.FramesPerSecondChoices.ToArray(), clip.FramesPerSecond);
            Assert.IsTrue(clip.Crf is >= NormalisationRule.CrfMin and <= NormalisationRule.CrfMax, $"{clip}");
            Assert.IsTrue(clip.MaxDurationSeconds is >= NormalisationRule.DurationCapMin and <= NormalisationRule.DurationCapMax, $"{clip}");
            Assert.IsTrue(clip.Reframe.Output.Width % 2 == 0 && clip.Reframe.Output.Height % 2 == 0, $"{clip}");
            AssertShortSide(clip.Reframe, source, NormalisationRule.ClipShortSideMin, NormalisationRule.ClipShortSideMax, slack: 1);
            AssertAspect(clip.Aspect, clip.Reframe.Output, tolerance: 2);
        }
    }

    [TestMethod]
    public void TheSameSeedAndPathGiveTheSameDrawsAndOthersDiffer()
    {
        var size = new FrameSize(1280, 720);
        var plan = NormalisationRule.ForClip(ItemDraws.For(1, "ai/video/a.mp4"), size);

        Assert.AreEqual(plan, NormalisationRule.ForClip(ItemDraws.For(1, "ai/video/a.mp4"), size));
        var others = Enumerable.Range(0, 20).Select(n => NormalisationRule.ForClip(ItemDraws.For(n + 2, "ai/video/a.mp4"), size));
        Assert.IsTrue(others.Any(o => o != plan), "other seeds draw something else");
        Assert.AreNotEqual(plan, NormalisationRule.ForClip(ItemDraws.For(1, "ai/video/b.mp4"), size));
    }

    [TestMethod]
    public void ASourceBelowTheMinimumSideIsRefused() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            NormalisationRule.Reframe(new AspectRatio(1, 1), 200, new FrameSize(NormalisationRule.MinSourceSide - 1, 500), evenSides: false));

    /// <summary>The short side is the drawn one, or the crop's own when that is smaller: never above the crop, never an upscale.</summary>
    private static void AssertShortSide(Reframing reframe, FrameSize source, int min, int max, int slack)
    {
        var outShort = Math.Min(reframe.Output.Width, reframe.Output.Height);
        var cropShort = Math.Min(reframe.Crop.Width, reframe.Crop.Height);
        Assert.IsTrue(reframe.Crop.Width <= source.Width && reframe.Crop.Height <= source.Height, $"{reframe} inside {source}");
        Assert.IsTrue(reframe.Output.Width <= reframe.Crop.Width && reframe.Output.Height <= reframe.Crop.Height, $"{reframe}: no upscale");
        Assert.IsTrue(outShort <= max && (outShort >= min - slack || outShort >= cropShort - slack), $"{reframe}: short side {outShort}");
    }

    private static void AssertAspect(AspectRatio aspect, FrameSize output, int tolerance) =>
        Assert.AreEqual((double)aspect.Width / aspect.Height, (double)output.Width / output.Height,
            (double)tolerance / Math.Min(output.Width, output.Height) * 2, $"{output} for {aspect}");
}
