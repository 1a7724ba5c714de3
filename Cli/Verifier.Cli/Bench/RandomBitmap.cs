using System.Buffers.Binary;

namespace Verifier.Cli.Bench;

/// <summary>
/// An uncompressed 24-bit BMP of about a given size: a square picture whose pixel bytes the caller fills (random noise
/// makes each upload distinct). A real picture, so a scan of it succeeds, unlike random bytes, which fail at probing.
/// </summary>
public static class RandomBitmap
{
    /// <summary>The file and info headers before the pixels.</summary>
    public const int HeaderBytes = 54;

    /// <summary>A buffer of the whole file, headers written and pixels zero; at least an 8x8 picture.</summary>
    public static byte[] Header(int sizeBytes)
    {
        var side = Math.Max(8, (int)Math.Sqrt(Math.Max(0, sizeBytes - HeaderBytes) / 3.0));
        var stride = (side * 3 + 3) & ~3; // rows padded to 4 bytes
        var bytes = new byte[HeaderBytes + stride * side];
        var span = bytes.AsSpan();
        span[0] = (byte)'B';
        span[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(span[2..], bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[10..], HeaderBytes);
        BinaryPrimitives.WriteInt32LittleEndian(span[14..], 40); // BITMAPINFOHEADER
        BinaryPrimitives.WriteInt32LittleEndian(span[18..], side);
        BinaryPrimitives.WriteInt32LittleEndian(span[22..], side);
        BinaryPrimitives.WriteInt16LittleEndian(span[26..], 1); // planes
        BinaryPrimitives.WriteInt16LittleEndian(span[28..], 24); // bits per pixel
        BinaryPrimitives.WriteInt32LittleEndian(span[34..], stride * side);
        return bytes;
    }
}
