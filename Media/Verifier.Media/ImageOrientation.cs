using SkiaSharp;

namespace Verifier.Media;

/// <summary>
/// Turns a decoded picture upright as its EXIF orientation says, as viewers (and ffmpeg for a clip's display matrix) do,
/// so that a photo shot in portrait is analysed and shown in portrait.
/// </summary>
internal static class ImageOrientation
{
    /// <summary>Whether the origin turns the picture a quarter, so width and height swap.</summary>
    public static bool SwapsSides(SKEncodedOrigin origin) => origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
        or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>The upright copy of <paramref name="source"/>, or null when it is upright already.</summary>
    public static SKBitmap? Upright(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or not (>= SKEncodedOrigin.TopLeft and <= SKEncodedOrigin.LeftBottom))
        {
            return null;
        }

        var (w, h) = (source.Width, source.Height);
        var info = SwapsSides(origin) ? source.Info.WithSize(h, w) : source.Info;
        var upright = new SKBitmap(info);
        using var canvas = new SKCanvas(upright);

        // Each maps source pixel (x, y) onto its upright place; whole-pixel moves, so no resampling happens.
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: // mirrored: x -> w - x
                canvas.Translate(w, 0);
                canvas.Scale(-1, 1);
                break;
            case SKEncodedOrigin.BottomRight: // upside down
                canvas.Translate(w, h);
                canvas.RotateDegrees(180);
                break;
            case SKEncodedOrigin.BottomLeft: // mirrored vertically: y -> h - y
                canvas.Translate(0, h);
                canvas.Scale(1, -1);
                break;
            case SKEncodedOrigin.LeftTop: // transposed: (x, y) -> (y, x)
                canvas.RotateDegrees(90);
                canvas.Scale(1, -1);
                break;
            case SKEncodedOrigin.RightTop: // a quarter turn clockwise: (x, y) -> (h - y, x)
                canvas.Translate(h, 0);
                canvas.RotateDegrees(90);
                break;
            case SKEncodedOrigin.RightBottom: // transverse: (x, y) -> (h - y, w - x)
                canvas.Translate(h, w);
                canvas.RotateDegrees(90);
                canvas.Scale(-1, 1);
                break;
            case SKEncodedOrigin.LeftBottom: // a quarter turn anticlockwise: (x, y) -> (y, w - x)
                canvas.Translate(0, w);
                canvas.RotateDegrees(270);
                break;
        }

        using var paint = new SKPaint { BlendMode = SKBlendMode.Src };
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), paint);
        return upright;
    }
}
