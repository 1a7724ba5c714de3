using Verifier.Detector.Scanning;
using Verifier.Detector.Tests.Support;
using Verifier.Media;

namespace Verifier.Detector.Tests.Scanning;

/// <summary>The quality a JPEG was saved at, read back from its luminance table.</summary>
[TestClass]
public sealed class JpegQualityTests
{
    [TestMethod]
    [DataRow(10)]
    [DataRow(20)]
    [DataRow(40)]
    [DataRow(50)]
    [DataRow(75)]
    [DataRow(90)]
    [DataRow(100)]
    public void TheQualitySkiaSavedAtIsReadBack(int quality)
    {
        using var folder = new TempFolder();
        var jpeg = Jpeg(folder, quality);

        Assert.AreEqual(quality, JpegQuality.Estimate(jpeg));
    }

    [TestMethod]
    public void FillBytesBeforeAMarkerAreSkipped()
    {
        using var folder = new TempFolder();
        var bytes = File.ReadAllBytes(Jpeg(folder, 40));
        // T.81 B.1.1.2: any marker may be preceded by 0xFF fill bytes; put three before the first segment after SOI.
        var filled = folder.File("filled.jpg");
        File.WriteAllBytes(filled, [.. bytes[..2], 0xFF, 0xFF, 0xFF, .. bytes[2..]]);

        Assert.AreEqual(40, JpegQuality.Estimate(filled));
    }

    [TestMethod]
    public void FilesWithoutAReadableLuminanceTableHaveNoQuality()
    {
        using var folder = new TempFolder();
        var png = Ffmpeg.Still(folder.File("source.png"), "testsrc2=s=64x48,format=rgb24");
        var bytes = File.ReadAllBytes(Jpeg(folder, 80));
        var cut = folder.File("cut.jpg");
        File.WriteAllBytes(cut, bytes[..6]);
        var lying = folder.File("lying.jpg");
        // The first segment after SOI claims 0xFFF0 bytes, far past the end of the file.
        File.WriteAllBytes(lying, [.. bytes[..4], 0xFF, 0xF0, .. bytes[6..]]);

        Assert.IsNull(JpegQuality.Estimate(png));
        Assert.IsNull(JpegQuality.Estimate(cut), "cut off inside its first segment");
        Assert.IsNull(JpegQuality.Estimate(lying), "a segment longer than the file");
    }

    private static string Jpeg(TempFolder folder, int quality)
    {
        var png = Ffmpeg.Still(folder.File("source.png"), "testsrc2=s=64x48,format=rgb24");
        var jpeg = folder.File($"q{quality}.jpg");
        ImageTranscoder.ToJpeg(png, jpeg, quality);
        return jpeg;
    }
}
