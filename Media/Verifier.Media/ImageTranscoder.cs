using SkiaSharp;

namespace Verifier.Media;

/// <summary>
/// Re-encodes a still image as a baseline JPEG at a chosen quality through Skia, upright and without metadata, as a
/// platform's upload pipeline would: evaluation measures what that does to the detector's score.
/// </summary>
public static class ImageTranscoder
{
    /// <summary>
    /// Writes <paramref name="inputPath"/> as a JPEG of <paramref name="quality"/> (1..100) to <paramref name="outputPath"/>;
    /// the file appears only when complete. Unreadable input throws <see cref="MediaException"/> naming it.
    /// </summary>
    public static void ToJpeg(string inputPath, string outputPath, int quality)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        var frame = ImageDecoder.Decode(inputPath);
        using var bitmap = FramePixels.ToBitmap(frame);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality)
            ?? throw new MediaException(MediaErrorKind.ToolFailed, $"{Path.GetFullPath(inputPath)}: Skia could not encode it as JPEG.");

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
