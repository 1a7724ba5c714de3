using Verifier.Media.Tests.Support;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Media.Tests;

[TestClass]
public sealed class ImageTests
{
    [TestMethod]
    [DataRow("real/image/sam2_cars.jpg", 1024, 683)]
    [DataRow("ai/image/kolors_inpainting_4_kolors.png", 768, 1024)]
    [DataRow("ai/image/flux_robot_orig.webp", 840, 840)]
    [DataRow("real/video/davis_car_turn_gif.gif", 400, 400)]
    public void DecodesEachFormatAtItsFullSizeIntoRgb(string relative, int width, int height)
    {
        var frame = ImageDecoder.Decode(MediaFiles.Data(relative));

        Assert.AreEqual(width, frame.Width);
        Assert.AreEqual(height, frame.Height);
        Assert.AreEqual(width * height * 3, frame.Rgb.Length);
        Assert.AreEqual(0.0, frame.TimeSeconds);
        Assert.IsTrue(frame.Rgb.Distinct().Count() > 64, "a real picture, not a blank buffer");
        Assert.AreEqual(new FrameSize(width, height), ImageDecoder.ReadSize(MediaFiles.Data(relative)));
    }

    [TestMethod]
    public void ABigJpegDecodesAtAReducedScaleThatMatchesTheFullDecode()
    {
        var path = MediaFiles.Data("real/image/exifsamples_jolla_orig.jpg"); // 3264x2448

        var full = ImageDecoder.Decode(path);
        var quarter = ImageDecoder.Decode(path, targetLongSide: 816);

        Assert.AreEqual(new FrameSize(816, 612), new FrameSize(quarter.Width, quarter.Height));

        // The DCT-scaled picture is the full one, smaller: compare mean brightness of the two.
        Assert.AreEqual(Mean(full.Rgb), Mean(quarter.Rgb), 2.0);
    }

    [TestMethod]
    [DataRow("ai/image/kolors_inpainting_4_kolors.png")]
    [DataRow("ai/image/flux_robot_orig.webp")]
    public void OtherFormatsScaleTooAndKeepTheirPicture(string relative)
    {
        var path = MediaFiles.Data(relative);
        var full = ImageDecoder.Decode(path);

        var reduced = ImageDecoder.Decode(path, targetLongSide: 256);

        Assert.IsLessThan(full.Width, reduced.Width);
        Assert.IsLessThanOrEqualTo(256 + 1, Math.Max(reduced.Width, reduced.Height));
        Assert.AreEqual(Mean(full.Rgb), Mean(reduced.Rgb), 2.0);
    }

    [TestMethod]
    public void ATruncatedJpegIsUnreadableMedia()
    {
        var path = MediaFiles.Truncated(MediaFiles.Data("real/image/sam2_cars.jpg"), 40_000);

        var e = Assert.ThrowsExactly<MediaException>(() => ImageDecoder.Decode(path));

        Assert.AreEqual(MediaErrorKind.UnreadableMedia, e.Kind);
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated or corrupt", e.Message);
    }

    [TestMethod]
    public void TextIsNotAnImage()
    {
        var path = Path.Combine(Oracle.TempDir(), "notes.jpg");
        File.WriteAllText(path, "not an image");

        var e = Assert.ThrowsExactly<MediaException>(() => ImageDecoder.Decode(path));

        Assert.AreEqual(MediaErrorKind.UnreadableMedia, e.Kind);
        Assert.Contains("not an image format that can be read", e.Message);
    }

    private static double Mean(byte[] rgb) => rgb.Average(b => (double)b);
}
