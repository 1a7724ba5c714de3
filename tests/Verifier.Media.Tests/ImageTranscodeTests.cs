using Verifier.Provenance.Tests.Support;

namespace Verifier.Media.Tests;

/// <summary>JPEG re-encoding of stills at a chosen quality (evaluation's platform-like re-encode).</summary>
[TestClass]
public sealed class ImageTranscodeTests
{
    [TestMethod]
    public void AJpegOfTheSameSizeAndNearlyTheSamePixelsLowerQualitySmaller()
    {
        var dir = Oracle.TempDir();
        var source = Path.Combine(dir, "gradient.png");
        var (width, height) = (97, 63);
        var rgb = new byte[width * height * 3];
        for (var i = 0; i < width * height; i++)
        {
            // A smooth diagonal gradient with a fine checker on top: JPEG keeps the first and loses some of the second.
            var (x, y) = (i % width, i / width);
            rgb[3 * i] = (byte)(x * 255 / width);
            rgb[(3 * i) + 1] = (byte)(y * 255 / height);
            rgb[(3 * i) + 2] = (byte)(((x + y) % 2) * 60);
        }

        using (var bitmap = FramePixels.ToBitmap(new Frame(width, height, rgb, 0)))
        using (var file = File.Create(source))
        {
            Assert.IsTrue(bitmap.Encode(file, SkiaSharp.SKEncodedImageFormat.Png, 100));
        }

        var (q90, q30) = (Path.Combine(dir, "q90.jpg"), Path.Combine(dir, "q30.jpg"));
        ImageTranscoder.ToJpeg(source, q90, 90);
        ImageTranscoder.ToJpeg(source, q30, 30);

        Assert.AreEqual("jpeg", ImageDecoder.StillFormat(q90));
        var decoded = ImageDecoder.Decode(q90);
        Assert.AreEqual((width, height), (decoded.Width, decoded.Height));
        var meanError = rgb.Zip(decoded.Rgb, (a, b) => Math.Abs(a - b)).Average();
        Assert.IsTrue(meanError is > 0 and < 20, $"mean |error| {meanError}: lossy, but the same picture");
        Assert.IsLessThan(new FileInfo(q90).Length, new FileInfo(q30).Length);
        Assert.IsEmpty(Directory.GetFiles(dir, "*.partial"), "no partial file left");
    }

    [TestMethod]
    public void ABrokenInputIsNamedAndLeavesNoFile()
    {
        var dir = Oracle.TempDir();
        var broken = Path.Combine(dir, "broken.png");
        File.WriteAllBytes(broken, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);

        var error = Assert.ThrowsExactly<MediaException>(() => ImageTranscoder.ToJpeg(broken, Path.Combine(dir, "out.jpg"), 75));

        StringAssert.Contains(error.Message, broken);
        CollectionAssert.AreEqual(new[] { "broken.png" }, Directory.GetFiles(dir).Select(Path.GetFileName).ToArray());
    }
}
