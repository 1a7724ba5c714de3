using SkiaSharp;

namespace Verifier.Media.Tests;

/// <summary>Claim thumbnails: JPEG, long side at most 1024, and shrunk further until the JPEG fits the 256 KB cap.</summary>
[TestClass]
public sealed class ThumbnailTests
{
    [TestMethod]
    public void NoisyPictureIsShrunkUntilItFitsTheCap()
    {
        // Random noise barely compresses: at 1024 px it is well over 256 KB, so only the shrinking loop can make it fit.
        var random = new Random(7);
        var rgb = new byte[Frame.ByteCount(2000, 1500)];
        random.NextBytes(rgb);

        var jpeg = ThumbnailMaker.Encode(new Frame(2000, 1500, rgb, 0));

        Assert.IsTrue(jpeg.Length <= ThumbnailMaker.MaxBytes, $"{jpeg.Length} bytes");
        using var codec = SKCodec.Create(new SKMemoryStream(jpeg));
        Assert.AreEqual(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
        Assert.IsTrue(codec.Info.Width < ThumbnailMaker.MaxLongSide, $"{codec.Info.Width}x{codec.Info.Height}: it was shrunk below 1024");
        Assert.AreEqual(2000.0 / 1500, (double)codec.Info.Width / codec.Info.Height, 0.02);
    }

    [TestMethod]
    public void SmallPictureKeepsItsSize()
    {
        var jpeg = ThumbnailMaker.Encode(new Frame(40, 30, new byte[Frame.ByteCount(40, 30)], 0));
        using var codec = SKCodec.Create(new SKMemoryStream(jpeg));
        Assert.AreEqual(new SKSizeI(40, 30), codec.Info.Size);
    }

    [TestMethod]
    [DataRow(3264, 2448, 1024, 768)]
    [DataRow(300, 5000, 61, 1024)]
    [DataRow(1, 4000, 1, 1024)]
    [DataRow(800, 600, 800, 600)]
    public void FitScalesTheLongSideDownOnly(int width, int height, int fitWidth, int fitHeight) =>
        Assert.AreEqual(new FrameSize(fitWidth, fitHeight), ThumbnailMaker.Fit(new FrameSize(width, height), ThumbnailMaker.MaxLongSide));

    [TestMethod]
    public void UnreadableImageThrowsMediaException()
    {
        var path = Path.Combine(Path.GetTempPath(), $"thumb-{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]);
        try
        {
            var e = Assert.ThrowsExactly<MediaException>(() => ThumbnailMaker.FromImage(path));
            Assert.AreEqual(MediaErrorKind.UnreadableMedia, e.Kind);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
