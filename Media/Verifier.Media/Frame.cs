namespace Verifier.Media;

/// <summary>One decoded picture: <see cref="Width"/> x <see cref="Height"/> pixels, packed RGB (3 bytes each, rows top to bottom).</summary>
public sealed class Frame
{
    /// <summary>The largest side any decoder hands out (one frame stays under 1 GB); larger media is refused.</summary>
    public const int MaxSide = 16384;

    /// <summary>
    /// The most pixels a video frame may have (8K, DCI 8K and long panoramas fit): a clip's frames are decoded at native
    /// size, several at once, so a clip within <see cref="MaxSide"/> but of 16384 x 16384 would hold gigabytes.
    /// </summary>
    public const long MaxVideoPixels = 40_000_000;

    public Frame(int width, int height, byte[] rgb, double timeSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (rgb.Length != ByteCount(width, height))
        {
            throw new ArgumentException($"{width}x{height} RGB needs {ByteCount(width, height)} bytes, got {rgb.Length}.", nameof(rgb));
        }

        Width = width;
        Height = height;
        Rgb = rgb;
        TimeSeconds = timeSeconds;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Packed RGB24, <c>Width * Height * 3</c> bytes.</summary>
    public byte[] Rgb { get; }

    /// <summary>Presentation time in the clip (0 for a still image).</summary>
    public double TimeSeconds { get; }

    /// <summary>Bytes of one packed RGB24 picture; checked so that hostile sizes cannot overflow.</summary>
    public static int ByteCount(int width, int height) => checked(width * height * 3);
}
