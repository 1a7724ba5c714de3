using SkiaSharp;

namespace Verifier.Detector.Training.Data;

/// <summary>
/// Draws one platform-style overlay onto a tile's working square with Skia: a caption bar (semi-opaque band plus a
/// line of text), a semi-transparent watermark (text beside a small logo), or a corner badge, each at a random
/// alpha, size and colour. The shapes are placed on a canvas larger than the square, so overlays are often partial,
/// as they are on a tile cut from a frame that carries them. It draws on pixels only and never learns the label:
/// both classes carry the same marks, so a watermark cannot stand in for "AI" (detection.md §4.4).
/// </summary>
public static class TileOverlay
{
    // Antialiased edges and glyph hinting may touch a pixel or two beyond the measured shape.
    private const int EdgeMargin = 2;

    private static readonly string[] Words =
    [
        "@user_2024", "LIVE", "Breaking news", "watch till the end", "#fyp", "subscribe", "HD 1080p", "Made with AI",
        "OPEN SORA", "Studio", "vlog day 12", "REC", "original sound", "news24", "follow for more", "sample",
    ];

    private static readonly string[] Kinds = ["caption", "watermark", "badge"];

    /// <summary>
    /// Draws one overlay onto <paramref name="bitmap"/> (RGBA), appends what it drew to <paramref name="applied"/>,
    /// and returns the pixel rectangle it may have changed (clipped to the bitmap; empty when it fell outside).
    /// </summary>
    public static SKRectI Draw(SKBitmap bitmap, Random random, List<string> applied)
    {
        var size = Math.Min(bitmap.Width, bitmap.Height);
        var kind = random.Next(Kinds.Length);
        var alpha = (byte)random.Next(60, 231);
        var text = Words[random.Next(Words.Length)];
        using var canvas = new SKCanvas(bitmap);
        using var typeface = SKTypeface.FromFamilyName(null, random.Next(2) == 0 ? SKFontStyle.Normal : SKFontStyle.Bold);
        var drawn = kind switch
        {
            0 => Caption(canvas, typeface, size, text, alpha, random),
            1 => Watermark(canvas, typeface, size, text, alpha, random),
            _ => Badge(canvas, typeface, size, text, alpha, random),
        };
        canvas.Flush();

        var touched = SKRectI.Ceiling(drawn, outwards: true);
        touched.Inflate(EdgeMargin, EdgeMargin);
        touched.Intersect(new SKRectI(0, 0, bitmap.Width, bitmap.Height));
        applied.Add($"overlay {Kinds[kind]} alpha {alpha} at {touched.Left},{touched.Top} {touched.Width}x{touched.Height}");
        return touched;
    }

    /// <summary>A band across the frame with a line of text in it, the way subtitles and news tickers sit on video.</summary>
    private static SKRect Caption(SKCanvas canvas, SKTypeface typeface, int size, string text, byte alpha, Random random)
    {
        var height = size * Between(random, 0.15, 0.45);
        var width = size * Between(random, 0.8, 2.5);
        var left = (float)(-width / 2 + (random.NextDouble() * size));
        var top = (float)(-height / 2 + (random.NextDouble() * size));
        var bar = SKRect.Create(left, top, (float)width, (float)height);
        using var fill = new SKPaint { Color = RandomColour(random, alpha), IsAntialias = true };
        canvas.DrawRect(bar, fill);

        using var font = new SKFont(typeface, (float)(height * Between(random, 0.45, 0.8)));
        using var ink = new SKPaint { Color = RandomColour(random, (byte)Math.Min(255, alpha + 60)), IsAntialias = true };
        var origin = new SKPoint(bar.Left + (float)(height * 0.2), bar.MidY + (font.Size / 3));
        canvas.DrawText(text, origin.X, origin.Y, SKTextAlign.Left, font, ink);
        return Union(bar, TextBounds(font, text, ink, origin));
    }

    /// <summary>Semi-transparent text beside a small disc "logo", anywhere on the frame.</summary>
    private static SKRect Watermark(SKCanvas canvas, SKTypeface typeface, int size, string text, byte alpha, Random random)
    {
        using var font = new SKFont(typeface, (float)(size * Between(random, 0.12, 0.5)));
        using var ink = new SKPaint { Color = RandomColour(random, (byte)(alpha / 2 + 20)), IsAntialias = true };
        var origin = new SKPoint((float)((random.NextDouble() * 1.4 - 0.4) * size), (float)((random.NextDouble() * 1.2) * size));
        var radius = font.Size / 2;
        var logo = new SKPoint(origin.X - radius - 2, origin.Y - radius);
        canvas.DrawCircle(logo, radius, ink);
        canvas.DrawText(text, origin.X, origin.Y, SKTextAlign.Left, font, ink);
        var disc = new SKRect(logo.X - radius, logo.Y - radius, logo.X + radius, logo.Y + radius);
        return Union(disc, TextBounds(font, text, ink, origin));
    }

    /// <summary>A rounded label in a corner, shifted partly off the frame as platform UI often is.</summary>
    private static SKRect Badge(SKCanvas canvas, SKTypeface typeface, int size, string text, byte alpha, Random random)
    {
        using var font = new SKFont(typeface, (float)(size * Between(random, 0.1, 0.3)));
        using var ink = new SKPaint { Color = RandomColour(random, 255), IsAntialias = true };
        var width = font.MeasureText(text, ink) + font.Size;
        var height = font.Size * 1.6f;
        var shift = (float)(random.NextDouble() * 0.5 * height);
        var left = random.Next(2) == 0 ? -shift : size - width + shift;
        var top = random.Next(2) == 0 ? -shift : size - height + shift;
        var box = SKRect.Create(left, top, width, height);
        using var fill = new SKPaint { Color = RandomColour(random, alpha), IsAntialias = true };
        canvas.DrawRoundRect(box, height / 4, height / 4, fill);
        var origin = new SKPoint(box.Left + (font.Size / 2), box.MidY + (font.Size / 3));
        canvas.DrawText(text, origin.X, origin.Y, SKTextAlign.Left, font, ink);
        return Union(box, TextBounds(font, text, ink, origin));
    }

    private static SKRect TextBounds(SKFont font, string text, SKPaint paint, SKPoint origin)
    {
        font.MeasureText(text, out var bounds, paint);
        bounds.Offset(origin);
        return bounds;
    }

    private static SKRect Union(SKRect a, SKRect b) => new(Math.Min(a.Left, b.Left), Math.Min(a.Top, b.Top), Math.Max(a.Right, b.Right), Math.Max(a.Bottom, b.Bottom));

    private static SKColor RandomColour(Random random, byte alpha) =>
        random.Next(3) switch
        {
            0 => new SKColor(0, 0, 0, alpha),
            1 => new SKColor(255, 255, 255, alpha),
            _ => new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), alpha),
        };

    private static double Between(Random random, double low, double high) => low + (random.NextDouble() * (high - low));
}
