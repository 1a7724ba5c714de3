using System.Buffers.Binary;
using Verifier.Provenance.Formats.Bmff;
using Verifier.Provenance.Signing;
using Verifier.Provenance.Tests.Interop;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Signing;

/// <summary>
/// WebP (a C2PA RIFF chunk, <see cref="RiffSigningTests"/> for its layout) and AVIF/HEIC (a C2PA uuid box, with the iloc
/// item offsets moved): placed where c2pa-rs places them, Trusted in c2pa-rs and Verifier, the image still decoding to the
/// same pixels, and a flipped image byte caught.
/// </summary>
[TestClass]
public sealed class WebpAndHeifSigningTests
{
    [TestMethod]
    public void AvifGetsAUuidBoxAfterFtypAndItsItemsMove()
    {
        var input = ImageInputs.Make("avif");
        var signed = Path.Combine(Oracle.TempDir(), "signed.avif");
        SignedBy.Sign(input, signed);
        BuilderLayoutTests.AssertTrusted(signed);
        Assert.AreEqual("ftyp uuid meta mdat", TopLevel(signed));
        // ffmpeg finds the AV1 item through iloc: the same pixels prove the extent offsets were moved with the data.
        CollectionAssert.AreEqual(ImageInputs.Pixels(input), ImageInputs.Pixels(signed));
    }

    /// <summary>
    /// A HEIC from libheif: iloc version 1 with a file item (construction method 0) and an idat item (method 1). Trusted in
    /// both; libheif decodes the signed file to the same pixels, so the file item moved and the idat one did not.
    /// </summary>
    [TestMethod]
    public void HeicItemsStillDecodeIdentically()
    {
        var input = ImageInputs.Make("heic");
        var signed = Path.Combine(Oracle.TempDir(), "signed.heic");
        var result = SignedBy.Sign(input, signed);
        Assert.AreEqual("image/heic", result.MediaType);
        BuilderLayoutTests.AssertTrusted(signed);
        Assert.AreEqual("ftyp uuid meta mdat", TopLevel(signed));
        CollectionAssert.AreEqual(Media.ImageDecoder.Decode(input).Rgb, Media.ImageDecoder.Decode(signed).Rgb);
    }

    [TestMethod]
    public void FlippedHeicByteIsInvalidAndResigningReplacesTheStore()
    {
        var dir = Oracle.TempDir();
        var first = Path.Combine(dir, "first.heic");
        var second = Path.Combine(dir, "second.heic");
        Oracle.Instance.Sign(ImageInputs.Make("heic"), first);
        SignedBy.Sign(first, second);
        Assert.AreEqual(1, BuilderLayoutTests.AssertTrusted(second).Manifests.Count);

        var bytes = File.ReadAllBytes(second);
        bytes[(int)Mdat(second).Offset + 8 + 40] ^= 0xFF;
        var tampered = Path.Combine(dir, "tampered.heic");
        File.WriteAllBytes(tampered, bytes);
        var expected = Oracle.Instance.Verify(tampered, "--trust", Oracle.Instance.RootPem);
        var actual = Reader.Validate(tampered, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });
        Agreement.AssertSame(tampered, expected, actual);
        CollectionAssert.Contains(actual.Codes(StatusKind.Failure).ToList(), ValidationCodes.AssertionBmffHashMismatch, Agreement.Describe(actual));
    }

    /// <summary>c2pa-rs's sample1.avif locates its item through iloc's base_offset (offset_size 0): that field moves.</summary>
    [TestMethod]
    public void BaseOffsetOfAnAvifItemMoves()
    {
        var input = SharedFolder.Fixture("sample1.avif");
        var signed = Path.Combine(Oracle.TempDir(), "signed.avif");
        SignedBy.Sign(input, signed);
        BuilderLayoutTests.AssertTrusted(signed);
        var (offset, length) = FirstItemExtent(input);
        var (movedTo, movedLength) = FirstItemExtent(signed);
        Assert.AreEqual(length, movedLength);
        Assert.IsGreaterThan(offset, movedTo);
        CollectionAssert.AreEqual(File.ReadAllBytes(input).AsSpan((int)offset, (int)length).ToArray(),
            File.ReadAllBytes(signed).AsSpan((int)movedTo, (int)length).ToArray(), "the item's bytes at its new location");
    }

    /// <summary>A flipped byte of the coded image is Invalid with the binding's mismatch code, in c2pa-rs and in Verifier.</summary>
    [TestMethod]
    [DataRow("webp", ValidationCodes.AssertionDataHashMismatch)]
    [DataRow("avif", ValidationCodes.AssertionBmffHashMismatch)]
    public void FlippedImageByteIsInvalidInBoth(string kind, string code)
    {
        var signed = Path.Combine(Oracle.TempDir(), "signed." + kind);
        SignedBy.Sign(ImageInputs.Make(kind), signed);
        var bytes = File.ReadAllBytes(signed);
        // Inside the VP8 chunk's data / the mdat's payload, well past their headers.
        int at = kind == "webp" ? 12 + 8 + 40 : (int)Mdat(signed).Offset + 8 + 40;
        bytes[at] ^= 0xFF;
        var tampered = Path.Combine(Oracle.TempDir(), "tampered." + kind);
        File.WriteAllBytes(tampered, bytes);

        var expected = Oracle.Instance.Verify(tampered, "--trust", Oracle.Instance.RootPem);
        var actual = Reader.Validate(tampered, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });
        Agreement.AssertSame(tampered, expected, actual);
        Assert.AreEqual(ValidationState.Invalid, actual.State);
        CollectionAssert.Contains(actual.Codes(StatusKind.Failure).ToList(), code, Agreement.Describe(actual));
    }

    /// <summary>A file c2pa-rs signed and Verifier signs again without a parent: the old store is replaced, not kept.</summary>
    [TestMethod]
    [DataRow("webp")]
    [DataRow("avif")]
    public void OldStoreIsReplaced(string kind)
    {
        var dir = Oracle.TempDir();
        var first = Path.Combine(dir, "first." + kind);
        var second = Path.Combine(dir, "second." + kind);
        Oracle.Instance.Sign(ImageInputs.Make(kind), first);
        SignedBy.Sign(first, second);
        var result = BuilderLayoutTests.AssertTrusted(second);
        Assert.AreEqual(1, result.Manifests.Count, Agreement.Describe(result));
        Assert.AreEqual(1, kind == "webp" ? RiffSigningTests.Chunks(File.ReadAllBytes(second)).Count(c => c.Id == "C2PA") : TopLevel(second).Split(' ').Count(t => t == "uuid"));
    }

    private static string TopLevel(string path)
    {
        using var stream = File.OpenRead(path);
        return string.Join(' ', BmffTree.Read(stream).TopLevel.Select(b => b.Type));
    }

    private static BmffBox Mdat(string path)
    {
        using var stream = File.OpenRead(path);
        return BmffTree.Read(stream).TopLevel.Single(b => b.Type == "mdat");
    }

    /// <summary>The first item's first extent (absolute offset, length) from a version-0 iloc, read by hand.</summary>
    private static (long Offset, long Length) FirstItemExtent(string path)
    {
        var file = File.ReadAllBytes(path);
        using var stream = new MemoryStream(file);
        var iloc = BmffTree.Read(stream).AtPath("/meta/iloc").Single();
        int at = (int)iloc.Offset + 8;
        Assert.AreEqual(0, file[at], "a version-0 iloc");
        int offsetSize = file[at + 4] >> 4, lengthSize = file[at + 4] & 0xF, baseSize = file[at + 5] >> 4;
        at += 6 + 2 + 2 + 2; // sizes, item_count, item_ID, data_reference_index
        long Field(int width)
        {
            long v = width == 0 ? 0 : width == 4 ? BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at)) : (long)BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan(at));
            at += width;
            return v;
        }

        long baseOffset = Field(baseSize);
        at += 2; // extent_count
        long offset = Field(offsetSize);
        return (baseOffset + offset, Field(lengthSize));
    }
}
