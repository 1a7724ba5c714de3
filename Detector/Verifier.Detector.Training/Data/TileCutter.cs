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
    public TileCut? Cut(Frame frame, Random random) => Cut([frame], random);

    /// <summary>
    /// One tile from each of <paramref name="frames"/> (consecutive frames of one clip, all the same size) at the same
    /// random place, degraded by the same drawn steps and parameters: the frames go through each step together, so a
    /// single frame draws exactly what it drew before frames were grouped. Noise keeps its drawn sigma but is drawn
    /// afresh for every frame, as a sensor's is. Null when the frames are smaller than a tile.
    /// </summary>
    public TileCut? Cut(IReadOnlyList<Frame> frames, Random random)
    {
        if (frames.Count == 0 || frames.Any(f => f.Width != frames[0].Width || f.Height != frames[0].Height))
        {
            throw new ArgumentException("needs at least one frame, all of the same size", nameof(frames));
        }

        var (width, height) = (frames[0].Width, frames[0].Height);
        var shortSide = Math.Min(width, height);
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
        var x = random.Next(width - region + 1);
        var y = random.Next(height - region + 1);
        var applied = new List<string>();

        var bitmaps = frames.Select(frame => FramePixels.ToBitmap(frame, x, y, region, region)).ToArray();
        try
        {
            if (region != work)
            {
                var kernel = DrawResizeKernel(region, work, random, applied);
                Each(bitmaps, bitmap => Replace(bitmap, Resize(bitmap, work, kernel)));
            }

            if (random.NextDouble() < augmentation.BlurProbability)
            {
                var sigma = DrawBlurSigma(random, applied);
                Each(bitmaps, bitmap => Blur(bitmap, sigma));
            }

            if (random.NextDouble() < augmentation.NoiseProbability)
            {
                var sigma = DrawNoiseSigma(random, applied);
                Each(bitmaps, bitmap => AddNoise(bitmap, sigma, random));
            }

            // Drawn only when enabled, so that with overlays off the same seed still cuts exactly the same tiles.
            if (augmentation.OverlayProbability > 0 && random.NextDouble() < augmentation.OverlayProbability)
            {
                // One mark for every frame of a sample, as a caption or watermark stays put while the picture moves:
                // each frame replays the same draws.
                var overlaySeed = random.Next();
                for (var f = 0; f < bitmaps.Length; f++)
                {
                    TileOverlay.Draw(bitmaps[f], new Random(overlaySeed), f == 0 ? applied : []);
                }
            }

            if (jpeg)
            {
                var quality = DrawJpegQuality(random, applied);
                Each(bitmaps, bitmap => Replace(bitmap, Jpeg(bitmap, quality)));
            }

            var (ox, oy) = jpeg ? (random.Next(JpegMargin + 1), random.Next(JpegMargin + 1)) : (0, 0);
            var rgb = new byte[bitmaps.Length * TileSize * TileSize * 3];
            for (var f = 0; f < bitmaps.Length; f++)
            {
                CropRgb(bitmaps[f], ox, oy).CopyTo(rgb, f * TileSize * TileSize * 3);
            }

            return new TileCut(rgb, x, y, region, applied);
        }
        finally
        {
            foreach (var bitmap in bitmaps)
            {
                bitmap.Dispose();
            }
        }
    }

    /// <summary>Applies one step to every frame's bitmap in turn, keeping the bitmap it returns (a step may replace it).</summary>
    private static void Each(SKBitmap[] bitmaps, Func<SKBitmap, SKBitmap> step)
    {
        for (var f = 0; f < bitmaps.Length; f++)
        {
            bitmaps[f] = step(bitmaps[f]);
        }
    }

    private static SKBitmap Replace(SKBitmap old, SKBitmap next)
    {
        old.Dispose();
        return next;
    }

    private static readonly SKSamplingOptions[] ResizeKernels =
    [
        new(SKFilterMode.Linear, SKMipmapMode.None), new(SKFilterMode.Linear, SKMipmapMode.Linear),
        new(SKCubicResampler.Mitchell), new(SKCubicResampler.CatmullRom),
    ];

    private static int DrawResizeKernel(int from, int size, Random random, List<string> applied)
    {
        var kernel = random.Next(ResizeKernels.Length);
        applied.Add($"resize {from}->{size} kernel {kernel}");
        return kernel;
    }

    private static SKBitmap Resize(SKBitmap source, int size, int kernel) =>
        source.Resize(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque), ResizeKernels[kernel])
            ?? throw new InvalidOperationException("Skia could not resize a tile");

    private double DrawBlurSigma(Random random, List<string> applied)
    {
        var sigma = 0.5 + (random.NextDouble() * Math.Max(0, augmentation.MaxBlurSigma - 0.5));
        applied.Add($"blur sigma {sigma:0.00}");
        return sigma;
    }

    // Skia treats a sigma much below 0.5 as no blur at all; a plain separable Gaussian (edges clamped) does what it says.
    private static SKBitmap Blur(SKBitmap bitmap, double sigma)
    {
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

        return bitmap;
    }

    private double DrawNoiseSigma(Random random, List<string> applied)
    {
        var sigma = random.NextDouble() * augmentation.MaxNoiseSigma;
        applied.Add($"noise sigma {sigma:0.00}");
        return sigma;
    }

    private static SKBitmap AddNoise(SKBitmap bitmap, double sigma, Random random)
    {
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

        return bitmap;
    }

    private int DrawJpegQuality(Random random, List<string> applied)
    {
        var quality = random.Next(augmentation.MinJpegQuality, augmentation.MaxJpegQuality + 1);
        applied.Add($"jpeg q{quality}");
        return quality;
    }

    private static SKBitmap Jpeg(SKBitmap source, int quality)
    {
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
