using SkiaSharp;

namespace Verifier.Media;

/// <summary>
/// Re-encodes a still image through Skia, upright and without metadata, as a platform's upload pipeline would (optionally
/// downscaled, blurred, JPEG-compressed once or several times): evaluation measures what that does to the detector's score.
/// </summary>
public static class ImageTranscoder
{
    /// <summary>
    /// Writes <paramref name="inputPath"/> as a JPEG of <paramref name="quality"/> (1..100) to <paramref name="outputPath"/>;
    /// the file appears only when complete. Unreadable input throws <see cref="MediaException"/> naming it.
    /// </summary>
    public static void ToJpeg(string inputPath, string outputPath, int quality) =>
        Write(inputPath, outputPath, new ImageEdit { JpegQualities = [quality] });

    /// <summary>
    /// Writes <paramref name="inputPath"/> through <paramref name="edit"/> to <paramref name="outputPath"/>: JPEG when the
    /// edit names a quality (the last one), else PNG, whatever the output's extension. The file appears only when complete.
    /// </summary>
    public static void Write(string inputPath, string outputPath, ImageEdit edit)
    {
        foreach (var quality in edit.JpegQualities)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        }

        var full = Path.GetFullPath(inputPath);
        SKImage image;
        using (var bitmap = FramePixels.ToBitmap(ImageDecoder.Decode(full)))
        {
            // A mutable bitmap is copied into the image, so the bitmap can go at once.
            image = SKImage.FromBitmap(bitmap);
        }

        try
        {
            if (edit.Reframe is { } reframe)
            {
                Replace(ref image, Reframed(image, reframe, full));
            }

            if (edit.MaxHeight is { } maxHeight && image.Height > maxHeight)
            {
                Replace(ref image, Resized(image, maxHeight));
            }

            if (edit.BlurSigma is { } sigma)
            {
                Replace(ref image, Blurred(image, (float)sigma));
            }

            SKData? encoded = null;
            foreach (var quality in edit.JpegQualities)
            {
                encoded?.Dispose();
                encoded = image.Encode(SKEncodedImageFormat.Jpeg, quality)
                    ?? throw new MediaException(MediaErrorKind.ToolFailed, $"{full}: Skia could not encode it as JPEG.");
                // Decode again, so the next quality compresses what the previous one left, as a second upload would.
                Replace(ref image, SKImage.FromEncodedData(encoded)
                    ?? throw new MediaException(MediaErrorKind.ToolFailed, $"{full}: Skia could not read back its own JPEG."));
            }

            using var data = encoded ?? image.Encode(SKEncodedImageFormat.Png, 100)
                ?? throw new MediaException(MediaErrorKind.ToolFailed, $"{full}: Skia could not encode it as PNG.");
            WriteWhole(data, outputPath);
        }
        finally
        {
            image.Dispose();
        }
    }

    private static SKImage Reframed(SKImage image, Reframing reframe, string path)
    {
        var (crop, output) = (reframe.Crop, reframe.Output);
        if (crop.Width > image.Width || crop.Height > image.Height || crop.Width < 1 || crop.Height < 1 || output.Width < 1 || output.Height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(reframe), reframe, $"{path}: does not fit its {image.Width}x{image.Height} picture");
        }

        var left = (image.Width - crop.Width) / 2;
        var top = (image.Height - crop.Height) / 2;
        using var cropped = image.Subset(SKRectI.Create(left, top, crop.Width, crop.Height))
            ?? throw new MediaException(MediaErrorKind.ToolFailed, $"{path}: Skia could not crop it.");
        return Scaled(cropped, output.Width, output.Height);
    }

    private static SKImage Resized(SKImage image, int maxHeight) =>
        Scaled(image, Math.Max(1, (int)Math.Round((double)image.Width * maxHeight / image.Height)), maxHeight);

    private static SKImage Scaled(SKImage image, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var resized = new SKBitmap(info);
        // Mipmaps give an area-averaging downscale, as a platform's resizer does, instead of bilinear aliasing.
        return image.ScalePixels(resized.PeekPixels(), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            ? SKImage.FromBitmap(resized)
            : throw new MediaException(MediaErrorKind.ToolFailed, "Skia could not resize the image.");
    }

    private static SKImage Blurred(SKImage image, float sigma)
    {
        using var surface = SKSurface.Create(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        // Clamped edges: without the tile mode the border would blur towards transparent black.
        using var paint = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(sigma, sigma, SKShaderTileMode.Clamp) };
        surface.Canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), paint);
        return surface.Snapshot();
    }

    private static void Replace(ref SKImage image, SKImage next)
    {
        image.Dispose();
        image = next;
    }

    private static void WriteWhole(SKData data, string outputPath)
    {
        var output = Path.GetFullPath(outputPath);
        var partial = Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.partial");
        try
        {
            using (var file = File.Create(partial))
            {
                data.SaveTo(file);
            }

            File.Move(partial, output, overwrite: true);
        }
        finally
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }
        }
    }
}
