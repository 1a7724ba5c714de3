using Verifier.Media.Tests.Support;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Media.Tests;

/// <summary>
/// HEIC and AVIF stills, which Skia cannot read, decode through libheif: at their size, close to the pixels they were
/// encoded from (HEVC and AV1 are lossy), including a tiled AVIF that ffmpeg 5.1 cannot read; bad files are named errors.
/// </summary>
[TestClass]
public sealed class HeifImageTests
{
    [TestMethod]
    public void AHeicDecodesCloseToThePixelsItWasEncodedFrom()
    {
        // 66 px: rows of 198 bytes, so a plane stride padded by libheif must be stepped over, not copied.
        var heic = ImageInputs.Make("heic", "66x50");
        var source = FfmpegRun.Decode(FfmpegRun.Make("source.png", "-f", "lavfi", "-i", "testsrc2=s=66x50", "-frames:v", "1"),
            "-f", "rawvideo", "-pix_fmt", "rgb24");

        Assert.AreEqual("heif", ImageDecoder.StillFormat(heic));
        Assert.AreEqual(new FrameSize(66, 50), ImageDecoder.ReadSize(heic));
        var frame = ImageDecoder.Decode(heic);
        Assert.AreEqual(new FrameSize(66, 50), new FrameSize(frame.Width, frame.Height));
        Assert.IsLessThan(12.0, MeanAbsoluteDifference(source, frame.Rgb), "HEVC at libheif's default quality");
    }

    [TestMethod]
    public void AnAvifDecodesAsFfmpegDecodesIt()
    {
        var avif = ImageInputs.Make("avif");

        Assert.AreEqual("avif", ImageDecoder.StillFormat(avif));
        var frame = ImageDecoder.Decode(avif, targetLongSide: 32);
        Assert.AreEqual(new FrameSize(64, 48), new FrameSize(frame.Width, frame.Height), "libheif does not scale: the full size");
        // The two decoders convert YUV to RGB with their own rounding (and possibly matrix): close, not equal.
        Assert.IsLessThan(4.0, MeanAbsoluteDifference(ImageInputs.Pixels(avif), frame.Rgb));
    }

    /// <summary>Phones store a portrait HEIC landscape with an irot property: it decodes upright, at the turned size.</summary>
    [TestMethod]
    public void ARotatedHeicDecodesTurnedAsItsIrotSays()
    {
        var heic = ImageInputs.Make("heic", "66x50");
        var rotated = Path.Combine(Path.GetDirectoryName(heic)!, "rotated.heic");
        File.WriteAllBytes(rotated, HeifRotation.AddIrot(File.ReadAllBytes(heic), anticlockwiseQuarterTurns: 1));
        var plain = ImageDecoder.Decode(heic);

        Assert.AreEqual(new FrameSize(50, 66), ImageDecoder.ReadSize(rotated));
        var frame = ImageDecoder.Decode(rotated);
        Assert.AreEqual(new FrameSize(50, 66), new FrameSize(frame.Width, frame.Height));
        // A quarter turn anticlockwise: output (x, y) is input (width - 1 - y, x).
        var turned = new byte[plain.Rgb.Length];
        for (var y = 0; y < 66; y++)
        {
            for (var x = 0; x < 50; x++)
            {
                plain.Rgb.AsSpan((((x * 66) + 65 - y) * 3), 3).CopyTo(turned.AsSpan(((y * 50) + x) * 3));
            }
        }

        Assert.IsLessThan(1.0, MeanAbsoluteDifference(turned, frame.Rgb), "the same pixels, turned");
    }

    /// <summary>c2pa-rs's sample1.avif is a grid of tiles, as phones write HEIC: ffmpeg 5.1 sees a 0x0 video in it.</summary>
    [TestMethod]
    public void ATiledAvifDecodesWhole()
    {
        var grid = SharedFolder.Fixture("sample1.avif");

        var size = ImageDecoder.ReadSize(grid);
        var frame = ImageDecoder.Decode(grid);

        Assert.AreEqual(size, new FrameSize(frame.Width, frame.Height));
        Assert.IsGreaterThan(512, frame.Width, "wider than one tile");
        Assert.IsGreaterThan(64, frame.Rgb.Distinct().Count(), "a real picture, not a blank buffer");
    }

    [TestMethod]
    public void ATruncatedHeicIsUnreadableMediaNamingTheFile()
    {
        var heic = ImageInputs.Make("heic", "256x192");
        var path = MediaFiles.Truncated(heic, (int)new FileInfo(heic).Length / 2);

        var e = Assert.ThrowsExactly<MediaException>(() => ImageDecoder.Decode(path));

        Assert.AreEqual(MediaErrorKind.UnreadableMedia, e.Kind);
        Assert.Contains(path, e.Message);
        Assert.Contains("libheif", e.Message);
    }

    /// <summary>An MP4's ftyp names no HEIF still brand: it stays a clip, for ffmpeg.</summary>
    [TestMethod]
    public void AnMp4IsNotAHeifStill()
    {
        Assert.IsNull(ImageDecoder.StillFormat(MediaFiles.Data("real/video/fomm_demo_10.mp4")));
    }

    private static double MeanAbsoluteDifference(byte[] a, byte[] b)
    {
        Assert.HasCount(a.Length, b);
        return a.Zip(b, (x, y) => Math.Abs(x - y)).Average();
    }
}
