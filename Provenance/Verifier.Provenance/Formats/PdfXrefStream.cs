namespace Verifier.Provenance.Formats;

/// <summary>One cross-reference entry: object N is free, at a file offset (type 1), or inside an object stream (type 2).</summary>
internal readonly record struct PdfXrefEntry(int Number, long Type, long Field2);

/// <summary>
/// Decodes a cross-reference stream (PDF 1.5+, kept by lopdf when the signed input had one): <c>/W</c> field widths,
/// <c>/Index</c> subsections, unfiltered or Flate data with the PNG row predictors of <c>/DecodeParms</c>.
/// </summary>
internal static class PdfXrefStream
{
    public static List<PdfXrefEntry> Decode(Dictionary<string, object?> dict, byte[] raw, int cap)
    {
        var data = dict.GetValueOrDefault("Filter") switch
        {
            null => raw,
            PdfName { Value: "FlateDecode" } => AssetStream.Inflate(raw, cap),
            List<object?> { Count: 1 } list when list[0] is PdfName { Value: "FlateDecode" } => AssetStream.Inflate(raw, cap),
            _ => null,
        } ?? throw new FormatException("the cross-reference stream's filter is not supported or its data is corrupt");

        if (dict.GetValueOrDefault("W") is not List<object?> { Count: 3 } w || w.Any(x => x is not (long and >= 0 and <= 8)))
        {
            throw new FormatException("the cross-reference stream's /W is not three field widths");
        }

        int[] widths = [.. w.Select(x => (int)(long)x!)];
        int rowLength = widths.Sum();
        if (dict.GetValueOrDefault("DecodeParms") is Dictionary<string, object?> parms && parms.GetValueOrDefault("Predictor") is >= 10L)
        {
            data = Unpredict(data, parms.GetValueOrDefault("Columns") is long columns ? (int)Math.Clamp(columns, 1, 1 << 16) : 1);
        }

        var index = dict.GetValueOrDefault("Index") as List<object?> ?? [0L, dict.GetValueOrDefault("Size")];
        var entries = new List<PdfXrefEntry>();
        int row = 0;
        for (int i = 0; i + 1 < index.Count; i += 2)
        {
            if (index[i] is not long first || index[i + 1] is not long count || first < 0 || count < 0 || first + count > int.MaxValue)
            {
                throw new FormatException("the cross-reference stream's /Index is malformed");
            }

            for (long k = 0; k < count && (row + 1) * rowLength <= data.Length; k++, row++)
            {
                var fields = data.AsSpan(row * rowLength, rowLength);
                long type = widths[0] == 0 ? 1 : Field(fields[..widths[0]]);
                entries.Add(new PdfXrefEntry((int)(first + k), type, Field(fields.Slice(widths[0], widths[1]))));
            }
        }

        return entries;
    }

    private static long Field(ReadOnlySpan<byte> bytes)
    {
        long value = 0;
        foreach (byte b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    /// <summary>PNG predictors: each row is a filter-type byte then <paramref name="columns"/> bytes.</summary>
    private static byte[] Unpredict(byte[] data, int columns)
    {
        int rows = data.Length / (columns + 1);
        var output = new byte[rows * columns];
        for (int r = 0; r < rows; r++)
        {
            int filter = data[r * (columns + 1)];
            for (int c = 0; c < columns; c++)
            {
                int left = c > 0 ? output[(r * columns) + c - 1] : 0;
                int up = r > 0 ? output[((r - 1) * columns) + c] : 0;
                int upLeft = r > 0 && c > 0 ? output[((r - 1) * columns) + c - 1] : 0;
                int x = data[(r * (columns + 1)) + 1 + c];
                output[(r * columns) + c] = (byte)(filter switch
                {
                    1 => x + left,
                    2 => x + up,
                    3 => x + ((left + up) / 2),
                    4 => x + Paeth(left, up, upLeft),
                    _ => x,
                });
            }
        }

        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
