using SkiaSharp;
using Verifier.Media;

namespace Verifier.Generator;

/// <summary>Fits a picture to the square the model works on: scaled so its short side is the size, then centre-cropped.</summary>
public static class FrameFit
{
    /// <summary>The size at which a <paramref name="source"/> picture has a short side of <paramref name="size"/> (even sides).</summary>
    public static FrameSize ShortSide(FrameSize source, int size)
    {
        var scale = (double)size / Math.Min(source.Width, source.Height);
        int Side(int s) => Math.Max(size, (int)Math.Round(s * scale / 2) * 2);
        return new FrameSize(Side(source.Width), Side(source.Height));
    }

    public static Frame Square(Frame frame, int size)
    {
        var scaled = ShortSide(new FrameSize(frame.Width, frame.Height), size);
        if (scaled.Width != frame.Width || scaled.Height != frame.Height)
        {
            using var bitmap = FramePixels.ToBitmap(frame);
            using var resized = bitmap.Resize(new SKImageInfo(scaled.Width, scaled.Height, SKColorType.Rgba8888, SKAlphaType.Opaque),
                new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
            frame = new Frame(scaled.Width, scaled.Height, FramePixels.DropAlpha(resized.GetPixelSpan()), frame.TimeSeconds);
        }

        var (left, top) = ((frame.Width - size) / 2, (frame.Height - size) / 2);
        var rgb = new byte[Frame.ByteCount(size, size)];
        for (var row = 0; row < size; row++)
        {
            frame.Rgb.AsSpan((((top + row) * frame.Width) + left) * 3, size * 3).CopyTo(rgb.AsSpan(row * size * 3));
        }

        return new Frame(size, size, rgb, frame.TimeSeconds);
    }
}
