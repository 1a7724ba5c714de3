using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Tests.Interop;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Formats;

/// <summary>
/// Broken GIF, SVG, FLAC, JPEG XL and PDF files made from oracle-signed ones: Verifier must reach c2pa-rs's verdict, and
/// where c2pa-rs refuses the file as an invalid asset, name the same problem in its error.
/// </summary>
[TestClass]
public sealed partial class MoreFormatsHostileTests
{
    public static IEnumerable<object[]> Cases() =>
    [
        ["gif", "truncated in the store"],
        ["gif", "bad block id"],
        ["svg", "truncated in the store"],
        ["svg", "newline in the base64"],
        ["svg", "mismatched end tag"],
        ["svg", "stray < in a tag"],
        ["flac", "ID3 version 1"],
        ["flac", "no fLaC after the tag"],
        ["jxl", "truncated in the store"],
        ["jxl", "bare codestream"],
        ["jxl", "1100 boxes"],
        ["jxl", "box size past the end"],
        ["pdf", "truncated in the store"],
        ["pdf", "startxref past the end"],
        ["pdf", "store /Length past the end"],
    ];

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void BrokenFileAgreesWithC2paRs(string ext, string damage)
    {
        var signed = SignedSamples.Path(ext);
        var broken = SignedSamples.NewPath("broken." + ext);
        File.WriteAllBytes(broken, Break(File.ReadAllBytes(signed), ext, damage));

        var expected = Oracle.Instance.Verify(broken, "--trust", Oracle.Instance.RootPem);
        var actual = Reader.Validate(broken, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });

        Agreement.AssertSame(broken, expected, actual);
        if (expected["error"]?.GetValue<string>() is { } error && InvalidAssetMessage().Match(error) is { Success: true } m)
        {
            Assert.AreEqual(ReadError.InvalidAsset, actual.ErrorKind, actual.Error);
            StringAssert.Contains(actual.Error, m.Groups[1].Value);
        }
    }

    [TestMethod]
    public void DeeplyNestedSvgIsReadWithoutRecursion()
    {
        var svg = "<svg>" + string.Concat(Enumerable.Repeat("<g>", 200_000)) + string.Concat(Enumerable.Repeat("</g>", 200_000)) + "</svg>";

        var located = new SvgHandler().Locate(new MemoryStream(Encoding.UTF8.GetBytes(svg)));

        Assert.IsNull(located.Store);
    }

    [TestMethod]
    public void AnEndlessGifSubBlockChainEndsAtTheFileEnd()
    {
        // A comment extension whose sub-blocks run to the end of the file, with no terminator.
        byte[] gif = [.. FormatInputs.Gif()[..19], 0x21, 0xFE, .. Enumerable.Repeat<byte>(1, 1_000_000)];

        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => new GifHandler().Locate(new MemoryStream(gif)));

        Assert.AreEqual(ReadError.InvalidAsset, e.Error);
        StringAssert.Contains(e.Message, "ends inside a block");
    }

    private static byte[] Break(byte[] file, string ext, string damage)
    {
        var text = Encoding.UTF8.GetString(file);
        var latin1 = Encoding.Latin1.GetString(file); // byte for byte, so offsets in the PDF stay put
        int manifest = text.IndexOf("<c2pa:manifest>", StringComparison.Ordinal) + "<c2pa:manifest>".Length;
        return (ext, damage) switch
        {
            (_, "truncated in the store") => file[..(file.Length / 2)],
            ("gif", "bad block id") => [.. file[..19], 0x99, .. file[20..]], // the C2PA extension's 0x21, after the 2-entry colour table
            ("svg", "newline in the base64") => Encoding.UTF8.GetBytes(text.Insert(manifest + 8, "\n")),
            ("svg", "mismatched end tag") => Encoding.UTF8.GetBytes(text.Replace("</svg>", "</svx>", StringComparison.Ordinal)),
            ("svg", "stray < in a tag") => Encoding.UTF8.GetBytes(text.Replace("<rect", "<rect <", StringComparison.Ordinal)),
            ("flac", "ID3 version 1") => [.. file[..3], 1, .. file[4..]],
            ("flac", "no fLaC after the tag") => Replace(file, Id3Tag.Length(file)!.Value, "XXXX"u8),
            ("jxl", "bare codestream") => FormatInputs.JpegXl()[40..], // the jxlc box's content
            ("jxl", "1100 boxes") => [.. file[..32], .. Enumerable.Repeat(FormatInputs.Box("free", []), 1100).SelectMany(b => b), .. file[32..]],
            ("jxl", "box size past the end") => Resize(file, 12, (uint)file.Length), // the ftyp box
            ("pdf", "startxref past the end") => Encoding.Latin1.GetBytes(Regex.Replace(latin1, @"startxref\s+\d+", "startxref\n99999999")),
            ("pdf", "store /Length past the end") => Encoding.Latin1.GetBytes(Regex.Replace(latin1, @"(?<=/Length )\d{4,}", m => new string('9', m.Length))),
            _ => throw new ArgumentOutOfRangeException(nameof(damage), damage, ext),
        };
    }

    private static byte[] Replace(byte[] file, long at, ReadOnlySpan<byte> with)
    {
        var copy = (byte[])file.Clone();
        with.CopyTo(copy.AsSpan((int)at));
        return copy;
    }

    private static byte[] Resize(byte[] file, int boxAt, uint size)
    {
        var copy = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(boxAt), size);
        return copy;
    }

    [GeneratedRegex("""InvalidAsset\("(.*)"\)""")]
    private static partial Regex InvalidAssetMessage();
}
