using System.Buffers.Binary;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Validation;

namespace Verifier.Detector.Scanning;

/// <summary>
/// Estimates the quality setting a JPEG was saved at from its luminance quantisation table, the way libjpeg's quality
/// scaling made it (the standard table of ITU-T T.81 Annex K scaled by 5000 / q below 50, by 200 - 2q above). Encoders
/// that scale it that way (libjpeg, libjpeg-turbo, Skia, Pillow) read back at the quality they were given; others get
/// the libjpeg quality whose table is as coarse on average. Only the segments before the first scan are read.
/// </summary>
public static class JpegQuality
{
    private const byte DefineQuantisationTables = 0xDB;

    // Annex K's luminance table in natural (row by row) order; a DQT segment lists its table in zigzag order.
    private static readonly int[] StandardLuminance =
    [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ];

    private static readonly int[] StandardInZigzag = Zigzag().Select(i => StandardLuminance[i]).ToArray();

    /// <summary>
    /// The estimated quality (1-100), or null when the file is not a readable JPEG or has no luminance table (id 0)
    /// before its scan. The segments are walked by the provenance reader's <see cref="JpegSegments"/>, so fill bytes
    /// and lying lengths are handled as there.
    /// </summary>
    public static int? Estimate(string path)
    {
        using var file = File.OpenRead(path);
        try
        {
            foreach (var segment in JpegSegments.Read(file, throughImageData: false))
            {
                if (segment.Marker != DefineQuantisationTables)
                {
                    continue;
                }

                // A DQT holds at most four 16-bit tables (4 x 129 bytes); a longer one is not read whole.
                var tables = new byte[Math.Min(segment.PayloadLength, 4 * 129)];
                file.Position = segment.PayloadOffset;
                file.ReadExactly(tables);
                if (LuminanceScale(tables) is { } scale)
                {
                    return FromScale(scale);
                }
            }
        }
        catch (ProvenanceReadException)
        {
            // Not a JPEG, or cut off or malformed before its scan: no quality to report.
        }

        return null;
    }

    /// <summary>
    /// How coarse table 0 of one DQT payload (which may hold several tables) is, in percent of the standard table, or null
    /// if the payload has no table 0. Entries at the 8-bit ceiling (255) are left out: libjpeg clamps there at low
    /// qualities, and counting them would make the table look finer than it was scaled.
    /// </summary>
    private static double? LuminanceScale(ReadOnlySpan<byte> tables)
    {
        while (tables.Length > 0)
        {
            int precision = tables[0] >> 4, id = tables[0] & 15, size = precision == 0 ? 64 : 128;
            if (tables.Length < 1 + size)
            {
                return null;
            }

            if (id == 0)
            {
                var (sum, standard, ones) = (0, 0, 0);
                for (var i = 0; i < 64; i++)
                {
                    var value = precision == 0 ? tables[1 + i] : BinaryPrimitives.ReadUInt16BigEndian(tables[(1 + (2 * i))..]);
                    ones += value == 1 ? 1 : 0;
                    if (value < 255)
                    {
                        sum += value;
                        standard += StandardInZigzag[i];
                    }
                }

                // All ones is quality 100 (scale 0, every entry raised to the minimum of 1).
                return ones == 64 ? 0 : standard == 0 ? 5000 : 100.0 * sum / standard;
            }

            tables = tables[(1 + size)..];
        }

        return null;
    }

    /// <summary>Natural-order indices of an 8x8 block in zigzag order: along the anti-diagonals, alternating direction.</summary>
    private static IEnumerable<int> Zigzag()
    {
        for (var diagonal = 0; diagonal < 15; diagonal++)
        {
            int first = Math.Max(0, diagonal - 7), last = Math.Min(diagonal, 7);
            for (var k = 0; k <= last - first; k++)
            {
                var row = diagonal % 2 == 0 ? last - k : first + k;
                yield return (row * 8) + diagonal - row;
            }
        }
    }

    /// <summary>libjpeg's scaling inverted: a table at <paramref name="scale"/> percent of the standard one.</summary>
    private static int FromScale(double scale)
    {
        var quality = scale <= 100 ? (200 - scale) / 2 : 5000 / scale;
        return (int)Math.Clamp(Math.Round(quality), 1, 100);
    }
}
