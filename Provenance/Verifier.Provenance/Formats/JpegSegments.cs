namespace Verifier.Provenance.Formats;

/// <summary>One JPEG marker segment: its marker byte, where it starts (at the <c>FF</c>) and its whole length.</summary>
public readonly record struct JpegSegment(byte Marker, long Offset, long Length)
{
    public const byte Soi = 0xD8;
    public const byte Eoi = 0xD9;
    public const byte Sos = 0xDA;
    public const byte App1 = 0xE1;
    public const byte App11 = 0xEB;

    /// <summary>Where the payload after the 2-byte length starts (segments with a length field only).</summary>
    public long PayloadOffset => Offset + 4;

    /// <summary>The payload length (segments with a length field only; for SOS, excluding the entropy-coded data).</summary>
    public long PayloadLength { get; init; }

    public long End => Offset + Length;
}

/// <summary>
/// Walks a JPEG's marker segments without reading their payloads. Every declared length is checked against the file,
/// so truncated or lying segments become <see cref="Validation.ReadError.InvalidAsset"/>.
/// </summary>
public static class JpegSegments
{
    private const string Format = "JPEG";

    /// <summary>
    /// The segments in file order. Without <paramref name="throughImageData"/> the walk ends at SOS (metadata may not
    /// follow it); with it, SOS's length includes the entropy-coded data after it and the walk goes on to EOI.
    /// The caller may move the stream: each step seeks to where the next segment starts.
    /// </summary>
    public static IEnumerable<JpegSegment> Read(Stream asset, bool throughImageData)
    {
        AssetStream.RequireSeekable(asset);
        asset.Position = 0;
        Span<byte> head = stackalloc byte[2];
        if (!AssetStream.TryReadExactly(asset, head) || head[0] != 0xFF || head[1] != JpegSegment.Soi)
        {
            throw AssetStream.Invalid(Format, "it does not start with an SOI marker");
        }

        return Walk(asset, throughImageData);
    }

    private static IEnumerable<JpegSegment> Walk(Stream asset, bool throughImageData)
    {
        yield return new JpegSegment(JpegSegment.Soi, 0, 2);
        long position = 2;
        long length = asset.Length;
        var header = new byte[4];
        while (position + 2 <= length)
        {
            asset.Position = position;
            asset.ReadExactly(header.AsSpan(0, 2));
            if (header[0] != 0xFF)
            {
                throw AssetStream.Invalid(Format, $"expected a marker at offset {position}, found 0x{header[0]:X2}");
            }

            byte marker = header[1];
            if (marker == 0xFF)
            {
                position++; // fill byte before a marker
                continue;
            }

            if (marker == JpegSegment.Eoi)
            {
                yield return new JpegSegment(marker, position, 2);
                yield break;
            }

            if (marker is JpegSegment.Soi or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                yield return new JpegSegment(marker, position, 2);
                position += 2;
                continue;
            }

            if (position + 4 > length)
            {
                throw AssetStream.Invalid(Format, $"segment 0x{marker:X2} at offset {position} is truncated before its length");
            }

            asset.ReadExactly(header.AsSpan(2, 2));
            int declared = (header[2] << 8) | header[3];
            if (declared < 2 || position + 2 + declared > length)
            {
                throw AssetStream.Invalid(Format,
                    $"segment 0x{marker:X2} at offset {position} declares {declared} bytes but {length - position - 2} remain");
            }

            long segmentLength = 2 + declared;
            if (marker == JpegSegment.Sos)
            {
                if (!throughImageData)
                {
                    yield return new JpegSegment(marker, position, segmentLength) { PayloadLength = declared - 2 };
                    yield break;
                }

                segmentLength += EntropyLength(asset, position + segmentLength);
            }

            yield return new JpegSegment(marker, position, segmentLength) { PayloadLength = declared - 2 };
            position += segmentLength;
        }
    }

    /// <summary>Bytes of entropy-coded data from <paramref name="start"/> to the next marker that is not RSTn or a stuffed zero.</summary>
    private static long EntropyLength(Stream asset, long start)
    {
        asset.Position = start;
        var buffer = new byte[64 * 1024];
        long offset = start;
        bool pendingFf = false;
        int read;
        while ((read = asset.Read(buffer)) > 0)
        {
            for (int i = 0; i < read; i++)
            {
                byte b = buffer[i];
                if (pendingFf && b != 0x00 && b != 0xFF && b is not (>= 0xD0 and <= 0xD7))
                {
                    return offset + i - 1 - start;
                }

                pendingFf = b == 0xFF;
            }

            offset += read;
        }

        return offset - start;
    }
}
