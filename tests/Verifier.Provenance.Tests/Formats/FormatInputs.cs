using System.Buffers.Binary;
using System.Text;

namespace Verifier.Provenance.Tests.Formats;

/// <summary>
/// Tiny unsigned inputs for the formats the shared data lacks (GIF, SVG, FLAC, JPEG XL, PDF), built from bytes so that no
/// binary is committed; the oracle (c2pa-rs) signs them in the tests.
/// </summary>
internal static class FormatInputs
{
    /// <summary>A 2x2 GIF89a: two-entry global colour table, one image, trailer.</summary>
    public static byte[] Gif() =>
    [
        .. "GIF89a"u8, 2, 0, 2, 0, 0x80, 0, 0, // logical screen: 2x2, global table of 2 entries
        0, 0, 0, 255, 255, 255,
        0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0, // image descriptor
        2, 2, 0x4C, 0x01, 0, // LZW minimum code size, one sub-block, terminator
        0x3B,
    ];

    public static byte[] Svg() => Encoding.UTF8.GetBytes(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\">" +
        "<rect width=\"4\" height=\"4\" fill=\"red\"/></svg>\n");

    /// <summary>fLaC, a last-block STREAMINFO (8 kHz mono 16-bit), then frame bytes c2pa-rs never decodes.</summary>
    public static byte[] Flac()
    {
        var streamInfo = new byte[34];
        BinaryPrimitives.WriteUInt16BigEndian(streamInfo, 4096);
        BinaryPrimitives.WriteUInt16BigEndian(streamInfo.AsSpan(2), 4096);
        BinaryPrimitives.WriteUInt64BigEndian(streamInfo.AsSpan(10), (8000UL << 44) | (15UL << 36) | 400);
        return [.. "fLaC"u8, 0x80, 0, 0, 34, .. streamInfo, 0xFF, 0xF8, .. Enumerable.Range(0, 200).Select(i => (byte)i)];
    }

    /// <summary>The JPEG XL container (signature box, ftyp, jxlc) around an 8x8 red codestream made by libjxl.</summary>
    public static byte[] JpegXl()
    {
        var codestream = Convert.FromHexString(
            "ff0a41060012880200d4005de5120000152aa38c1bbc9cebf9f24387c5b48deb0c6db56d6149a2c8383649277048128bc0c605780303803173d6000f94a89204");
        return [0, 0, 0, 12, .. "JXL "u8, 0x0D, 0x0A, 0x87, 0x0A, .. Box("ftyp", [.. "jxl "u8, 0, 0, 0, 0, .. "jxl "u8]), .. Box("jxlc", codestream)];
    }

    /// <summary>A one-page PDF (a blue square) with a classic cross-reference table.</summary>
    public static byte[] Pdf()
    {
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] /Contents 4 0 R >>",
            "<< /Length 25 >>\nstream\n0 0 1 rg 10 10 50 50 re f\nendstream",
        ];
        var pdf = new StringBuilder("%PDF-1.7\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        int xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        offsets.ForEach(o => pdf.Append($"{o:D10} 00000 n \n"));
        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>
    /// The same page as <see cref="Pdf"/> in PDF 1.5 form: catalog and pages inside a Flate object stream, found through
    /// a Flate cross-reference stream (no <c>trailer</c>).
    /// </summary>
    public static byte[] PdfWithXrefStream()
    {
        string[] packed = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] /Contents 4 0 R >>"];
        var header = new StringBuilder();
        var body = new StringBuilder();
        for (int i = 0; i < packed.Length; i++)
        {
            header.Append($"{i + 1} {body.Length} ");
            body.Append(packed[i]).Append(' ');
        }

        var pdf = new List<byte>(Encoding.ASCII.GetBytes("%PDF-1.7\n"));
        void Text(string text) => pdf.AddRange(Encoding.ASCII.GetBytes(text));
        long contents = pdf.Count;
        Text("4 0 obj\n<< /Length 25 >>\nstream\n0 0 1 rg 10 10 50 50 re f\nendstream\nendobj\n");
        long objectStream = pdf.Count;
        var packedBytes = Zlib(Encoding.ASCII.GetBytes(header.ToString() + body));
        Text($"5 0 obj\n<< /Type /ObjStm /N 3 /First {header.Length} /Length {packedBytes.Length} /Filter /FlateDecode >>\nstream\n");
        pdf.AddRange(packedBytes);
        Text("\nendstream\nendobj\n");
        long xref = pdf.Count;
        var rows = new List<byte> { 0, 0, 0, 0, 0, 0xFF, 0xFF };
        for (int i = 0; i < 3; i++)
        {
            rows.AddRange([2, 0, 0, 0, 5, 0, (byte)i]);
        }

        foreach (long offset in new[] { contents, objectStream, xref })
        {
            rows.AddRange([1, (byte)(offset >> 24), (byte)(offset >> 16), (byte)(offset >> 8), (byte)offset, 0, 0]);
        }

        var table = Zlib([.. rows]);
        Text($"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length {table.Length} /Filter /FlateDecode >>\nstream\n");
        pdf.AddRange(table);
        Text($"\nendstream\nendobj\nstartxref\n{xref}\n%%EOF\n");
        return [.. pdf];
    }

    private static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(output, System.IO.Compression.CompressionLevel.Optimal))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Box(string type, byte[] data)
    {
        var box = new byte[8 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type, box.AsSpan(4));
        data.CopyTo(box, 8);
        return box;
    }

    /// <summary>Writes <paramref name="content"/> as <c>in.EXT</c> in a fresh temp folder and has the oracle sign it to <c>signed.EXT</c>.</summary>
    public static string Signed(string ext, byte[] content, params string[] options)
    {
        var dir = Support.Oracle.TempDir();
        var input = Path.Combine(dir, "in." + ext);
        var output = Path.Combine(dir, "signed." + ext);
        File.WriteAllBytes(input, content);
        Support.Oracle.Instance.Sign(input, output, options);
        return output;
    }

    public static byte[] Input(string ext) => ext switch
    {
        "gif" => Gif(),
        "svg" => Svg(),
        "flac" => Flac(),
        "jxl" => JpegXl(),
        "pdf" => Pdf(),
        _ => throw new ArgumentOutOfRangeException(nameof(ext), ext, null),
    };
}
