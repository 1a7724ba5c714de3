using SkiaSharp;
using Verifier.Media;

namespace Verifier.Detector.Training.Tests.Support;

/// <summary>Small synthetic frames and files with known pixels.</summary>
internal static class Pictures
{
    /// <summary>A frame whose every pixel encodes its position: R = x, G = y, B = (x * 7 + y * 13) mod 256.</summary>
    public static Frame Gradient(int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                (rgb[i], rgb[i + 1], rgb[i + 2]) = ((byte)x, (byte)y, (byte)(((x * 7) + (y * 13)) % 256));
            }
        }

        return new Frame(width, height, rgb, 0);
    }

    /// <summary>Writes <paramref name="frame"/> as a PNG (lossless, so decoding gives the same pixels).</summary>
    public static void WritePng(Frame frame, string path)
    {
        using var bitmap = FramePixels.ToBitmap(frame);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
