using Verifier.Generator.Tests.Support;
using Verifier.Media;

namespace Verifier.Generator.Tests;

/// <summary>Frames to tensors and back, and the square fit used for training clips and first frames.</summary>
[TestClass]
public sealed class VideoTensorsTests
{
    [TestMethod]
    public void FramesRoundTripThroughTheTensorExactly()
    {
        var frames = TinyGenerator.Clip(3, 8);

        using var video = VideoTensors.FromFrames(frames);
        var back = VideoTensors.ToFrames(video, 8);

        CollectionAssert.AreEqual(new long[] { 3, 3, 8, 8 }, video.shape);

        // Channel-major: value [c, f, y, x] is pixel (x, y) of frame f, channel c, mapped to [-1, 1].
        Assert.AreEqual((frames[2].Rgb[((5 * 8) + 4) * 3 + 1] / 127.5f) - 1, video[1, 2, 5, 4].item<float>(), 1e-6);
        for (var f = 0; f < 3; f++)
        {
            CollectionAssert.AreEqual(frames[f].Rgb, back[f].Rgb);
        }
    }

    [TestMethod]
    public void ASquareIsTheCentreOfAPictureScaledToItsShortSide()
    {
        // 8 x 4, left half black, right half white, with a 1-pixel red column at x = 1 (cropped away at size 4).
        var rgb = new byte[Frame.ByteCount(8, 4)];
        for (var y = 0; y < 4; y++)
        {
            for (var x = 4; x < 8; x++)
            {
                rgb.AsSpan(((y * 8) + x) * 3, 3).Fill(255);
            }

            rgb[((y * 8) + 1) * 3] = 255;
        }

        var square = FrameFit.Square(new Frame(8, 4, rgb, 0), 4);

        Assert.AreEqual(4, square.Width);
        for (var y = 0; y < 4; y++)
        {
            CollectionAssert.AreEqual(new byte[] { 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255 }, square.Rgb[(y * 12)..((y * 12) + 12)]);
        }

        Assert.AreEqual(new FrameSize(96, 64), FrameFit.ShortSide(new FrameSize(1920, 1280), 64));
    }
}
