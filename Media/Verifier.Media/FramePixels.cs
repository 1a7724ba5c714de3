using SkiaSharp;

namespace Verifier.Media;

/// <summary>Moves pixels between packed RGB24 frames and Skia's RGBA bitmaps.</summary>
public static class FramePixels
{
    /// <summary>An opaque RGBA bitmap of the whole frame.</summary>
    public static SKBitmap ToBitmap(Frame frame) => ToBitmap(frame, 0, 0, frame.Width, frame.Height);

    /// <summary>
    /// An opaque RGBA bitmap of the <paramref name="width"/> x <paramref name="height"/> region at (<paramref name="x"/>,
    /// <paramref name="y"/>), filled in place: a big frame's region needs no second managed copy.
    /// </summary>
    public static SKBitmap ToBitmap(Frame frame, int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > frame.Width || y + height > frame.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"region {width}x{height} at ({x}, {y}) is not inside the {frame.Width}x{frame.Height} frame");
        }

        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = bitmap.GetPixelSpan();
        var rgb = frame.Rgb;
        for (int row = 0, o = 0; row < height; row++)
        {
            for (int i = ((y + row) * frame.Width + x) * 3, end = i + (width * 3); i < end; i += 3, o += 4)
            {
                rgba[o] = rgb[i];
                rgba[o + 1] = rgb[i + 1];
                rgba[o + 2] = rgb[i + 2];
                rgba[o + 3] = 0xFF;
            }
        }

        return bitmap;
    }

    /// <summary>Packed RGB of RGBA pixels; transparent pixels keep their colour (the detector sees what the pixels hold).</summary>
    public static byte[] DropAlpha(ReadOnlySpan<byte> rgba)
    {
        var rgb = new byte[rgba.Length / 4 * 3];
        for (int i = 0, o = 0; i < rgba.Length; i += 4, o += 3)
        {
            rgb[o] = rgba[i];
            rgb[o + 1] = rgba[i + 1];
            rgb[o + 2] = rgba[i + 2];
        }

        return rgb;
    }
}
