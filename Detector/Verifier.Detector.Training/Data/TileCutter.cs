using SkiaSharp;
using Verifier.Media;

namespace Verifier.Detector.Training.Data;

/// <summary>
/// Cuts square tiles from decoded frames at native resolution (never resized unless the resize degradation is drawn)
/// and degrades them as a platform would: resize, blur, noise, an overlay, then JPEG last. It never sees the label, so both
/// classes get the same treatment.
/// </summary>
public sealed class TileCutter(int tileSize, AugmentationOptions augmentation)
{
    // A JPEG pass works on a slightly larger square and the tile is cut at a random offset inside it, so the 8x8 JPEG
    // grid does not always line up with the tile's own origin.
    private const int JpegMargin = 8;

    public int TileSize { get; } = tileSize > 0 ? tileSize : throw new ArgumentOutOfRangeException(nameof(tileSize));

    /// <summary>A tile from a random place of <paramref name="frame"/>, or null when the frame is smaller than a tile.</summary>
    public TileCut? Cut(Frame frame, Random random)
    {
        var shortSide = Math.Min(frame.Width, frame.Height);
        if (shortSide < TileSize)
        {
            return null;
        }

        var jpeg = random.NextDouble() < augmentation.JpegProbability && shortSide >= TileSize + JpegMargin;
        var work = TileSize + (jpeg ? JpegMargin : 0);
        var scale = random.NextDouble() < augmentation.ResizeProbability
            ? Math.Max(augmentation.MinScale + (random.NextDouble() * (1 - augmentation.MinScale)), (double)work / shortSide)
            : 1.0;
        var region = Math.Min(shortSide, (int)Math.Ceiling(work / scale));
        var x = random.Next(frame.Width - region + 1);
        var y = random.Next(frame.Height - region + 1);
        var applied = new List<string>();

        var bitmap = FramePixels.ToBitmap(frame, x, y, region, region);
        try
        {
            if (region != work)
            {
                bitmap = Replace(bitmap, Resize(bitmap, work, random, applied));
            }

            if (random.NextDouble() < augmentation.BlurProbability)
            {
                Blur(bitmap, random, applied);
            }

            if (random.NextDouble() < augmentation.NoiseProbability)
            {
                AddNoise(bitmap, random, applied);
            }

            // Drawn only when enabled, so that with overlays off the same seed still cuts exactly the same tiles.
            if (augmentation.OverlayProbability > 0 && random.NextDouble() < augmentation.OverlayProbability)
            {
                TileOverlay.Draw(bitmap, random, applied);
            }

            if (jpeg)
            {
                bitmap = Replace(bitmap, Jpeg(bitmap, random, applied));
            }

            var (ox, oy) = jpeg ? (random.Next(JpegMargin + 1), random.Next(JpegMargin + 1)) : (0, 0);
            return new TileCut(CropRgb(bitmap, ox, oy), x, y, region, applied);
        }
        finally
        {
            bitmap.Dispose();
        }
    }

    private static SKBitmap Replace(SKBitmap old, SKBitmap next)
    {
        old.Dispose();
        return next;
    }

    private static SKBitmap Resize(SKBitmap source, int size, Random random, List<string> applied)
    {
        SKSamplingOptions[] kernels =
        [
            new(SKFilterMode.Linear, SKMipmapMode.None), new(SKFilterMode.Linear, SKMipmapMode.Linear),
            new(SKCubicResampler.Mitchell), new(SKCubicResampler.CatmullRom),
        ];
        var kernel = random.Next(kernels.Length);
        applied.Add($"resize {source.Width}->{size} kernel {kernel}");
        return source.Resize(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque), kernels[kernel])
            ?? throw new InvalidOperationException("Skia could not resize a tile");
    }

    private void Blur(SKBitmap bitmap, Random random, List<string> applied)
    {
        // Skia treats a sigma much below 0.5 as no blur at all; a plain separable Gaussian (edges clamped) does what it says.
        var sigma = 0.5 + (random.NextDouble() * Math.Max(0, augmentation.MaxBlurSigma - 0.5));
        applied.Add($"blur sigma {sigma:0.00}");
        var radius = (int)Math.Ceiling(3 * sigma);
        var kernel = Enumerable.Range(-radius, (2 * radius) + 1).Select(d => Math.Exp(-d * d / (2 * sigma * sigma))).ToArray();
        var total = kernel.Sum();
        var pixels = bitmap.GetPixelSpan();
        var (width, height) = (bitmap.Width, bitmap.Height);
        var source = pixels.ToArray();
        foreach (var (stepX, stepY) in new[] { (1, 0), (0, 1) })
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        double sum = 0;
                        for (var k = -radius; k <= radius; k++)
                        {
                            var sx = Math.Clamp(x + (k * stepX), 0, width - 1);
                            var sy = Math.Clamp(y + (k * stepY), 0, height - 1);
                            sum += kernel[k + radius] * source[(((sy * width) + sx) * 4) + c];
                        }

                        pixels[(((y * width) + x) * 4) + c] = (byte)Math.Round(sum / total);
                    }
                }
            }

            pixels.CopyTo(source);
        }
    }

    private void AddNoise(SKBitmap bitmap, Random random, List<string> applied)
    {
        var sigma = random.NextDouble() * augmentation.MaxNoiseSigma;
        applied.Add($"noise sigma {sigma:0.00}");
        var pixels = bitmap.GetPixelSpan();
        for (var i = 0; i < pixels.Length; i++)
        {
            if (i % 4 != 3)
            {
                // Box-Muller: one standard normal draw per channel value.
                var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                pixels[i] = (byte)Math.Clamp(Math.Round(pixels[i] + (sigma * normal)), 0, 255);
            }
        }
    }

    private SKBitmap Jpeg(SKBitmap source, Random random, List<string> applied)
    {
        var quality = random.Next(augmentation.MinJpegQuality, augmentation.MaxJpegQuality + 1);
        applied.Add($"jpeg q{quality}");
        using var image = SKImage.FromBitmap(source);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality)
            ?? throw new InvalidOperationException("Skia could not encode a tile as JPEG");
        var decoded = SKBitmap.Decode(data) ?? throw new InvalidOperationException("Skia could not decode its own JPEG");
        if (decoded.ColorType == SKColorType.Rgba8888)
        {
            return decoded;
        }

        using (decoded)
        {
            return decoded.Copy(SKColorType.Rgba8888) ?? throw new InvalidOperationException("Skia could not convert a tile to RGBA");
        }
    }

    private byte[] CropRgb(SKBitmap bitmap, int x, int y)
    {
        var rgba = bitmap.GetPixelSpan();
        var rgb = new byte[TileSize * TileSize * 3];
        for (int row = 0, o = 0; row < TileSize; row++)
        {
            var start = (((y + row) * bitmap.Width) + x) * 4;
            FramePixels.DropAlpha(rgba.Slice(start, TileSize * 4)).CopyTo(rgb, o);
            o += TileSize * 3;
        }

        return rgb;
    }
}
