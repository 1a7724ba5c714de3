using Verifier.Media.Tests.Support;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Media.Tests;

[TestClass]
public sealed class ImageOrientationTests
{
    // sam2_cars.jpg carries no EXIF; the tests give it one with only an Orientation tag, so the pixels stay the same.
    private static string Source => MediaFiles.Data("real/image/sam2_cars.jpg");

    [TestMethod]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(4)]
    [DataRow(5)]
    [DataRow(6)]
    [DataRow(7)]
    [DataRow(8)]
    public void EachExifOrientationIsTurnedUpright(int orientation)
    {
        var stored = ImageDecoder.Decode(Source);
        var path = WithOrientation(Source, orientation);

        var upright = ImageDecoder.Decode(path);

        var (w, h) = (stored.Width, stored.Height);
        var quarterTurn = orientation >= 5;
        Assert.AreEqual(quarterTurn ? new FrameSize(h, w) : new FrameSize(w, h), new FrameSize(upright.Width, upright.Height));
        Assert.AreEqual(new FrameSize(upright.Width, upright.Height), ImageDecoder.ReadSize(path));

        // EXIF 2.3 Orientation: where stored pixel (x, y) is shown.
        foreach (var (x, y) in new[] { (0, 0), (w - 1, 0), (0, h - 1), (17, 301), (900, 45) })
        {
            var (ux, uy) = orientation switch
            {
                2 => (w - 1 - x, y),
                3 => (w - 1 - x, h - 1 - y),
                4 => (x, h - 1 - y),
                5 => (y, x),
                6 => (h - 1 - y, x),
                7 => (h - 1 - y, w - 1 - x),
                _ => (y, w - 1 - x),
            };
            CollectionAssert.AreEqual(Pixel(stored, x, y), Pixel(upright, ux, uy), $"stored ({x},{y}) shown at ({ux},{uy})");
        }
    }

    private static byte[] Pixel(Frame frame, int x, int y) => frame.Rgb.AsSpan(((y * frame.Width) + x) * 3, 3).ToArray();

    // An APP1 Exif segment (big-endian TIFF, one IFD entry: Orientation SHORT) inserted right after SOI.
    private static string WithOrientation(string source, int orientation)
    {
        byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0, 0, 0, 0, 0];
        byte[] exif = [(byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0, .. tiff];
        var length = exif.Length + 2;
        byte[] app1 = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif];
        var jpeg = File.ReadAllBytes(source);
        var path = Path.Combine(Oracle.TempDir(), $"oriented-{orientation}.jpg");
        File.WriteAllBytes(path, [.. jpeg.AsSpan(0, 2), .. app1, .. jpeg.AsSpan(2)]);
        return path;
    }
}
