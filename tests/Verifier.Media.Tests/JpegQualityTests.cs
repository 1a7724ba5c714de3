using Verifier.Provenance.Tests.Support;

namespace Verifier.Media.Tests;

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
        var source = FfmpegRun.Make("source.png", "-f", "lavfi", "-i", "testsrc2=s=64x48", "-frames:v", "1");
        var jpeg = Path.Combine(Path.GetDirectoryName(source)!, $"q{quality}.jpg");
        ImageTranscoder.ToJpeg(source, jpeg, quality);

        Assert.AreEqual(quality, JpegQuality.Estimate(jpeg));
    }

    [TestMethod]
    public void FilesWithoutALuminanceTableHaveNoQuality()
    {
        var png = FfmpegRun.Make("source.png", "-f", "lavfi", "-i", "testsrc2=s=64x48", "-frames:v", "1");
        var dir = Path.GetDirectoryName(png)!;
        var jpeg = Path.Combine(dir, "q80.jpg");
        ImageTranscoder.ToJpeg(png, jpeg, 80);
        var bytes = File.ReadAllBytes(jpeg);
        var cut = Path.Combine(dir, "cut.jpg");
        File.WriteAllBytes(cut, bytes[..6]);

        Assert.IsNull(JpegQuality.Estimate(png));
        Assert.IsNull(JpegQuality.Estimate(cut), "cut off inside its first segment");
    }
}
