using System.Buffers.Binary;
using System.Diagnostics;
using Verifier.Provenance.Formats.Bmff;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Bmff;

[TestClass]
public sealed class BmffHandlerTests
{
    private static readonly BmffHandler Handler = new();

    [TestMethod]
    public void LocatesTheC2paUuidBoxWhereTheOracleSaysItIs()
    {
        var signed = BmffSamples.Signed(BmffSamples.Source, "locate.mp4");
        var expected = BmffSamples.Jumbf(signed)["c2pa_uuid_box"]!;

        using var s = File.OpenRead(signed);
        var located = Handler.Locate(s);

        Assert.IsNotNull(located.Store);
        Assert.HasCount(1, located.StoreRanges);
        Assert.AreEqual(expected["offset"]!.GetValue<long>(), located.StoreRanges[0].Start);
        Assert.AreEqual(expected["size"]!.GetValue<long>(), located.StoreRanges[0].Length);
        Assert.AreEqual("c2pa", JumbfReader.ParseStore(located.Store.Value).ContentType);
        Assert.AreEqual("video/mp4", Handler.MediaType(s));
        Assert.IsNull(located.RemoteUrl);
    }

    [TestMethod]
    public void ReadsTheRemoteManifestUrlFromXmp()
    {
        const string url = "https://example.com/manifests/bmff-test.c2pa";
        var signed = BmffSamples.Signed(BmffSamples.Source, "remote.mp4", "--remote", url);

        using var s = File.OpenRead(signed);

        Assert.AreEqual(url, Handler.Locate(s).RemoteUrl);
    }

    [TestMethod]
    public void AnUpdatedFileReadsTheUpdateStoreAndBothBoxesAreItsRanges()
    {
        // sign.mjs --update: c2pa-rs retags the first box "original" and appends an "update" box with the whole store.
        var signed = BmffSamples.Signed(BmffSamples.Source, "update-src.mp4");
        var updated = BmffSamples.Signed(signed, "updated.mp4", "--update");
        var oracle = Oracle.Instance.Verify(updated);

        using var s = File.OpenRead(updated);
        var located = Handler.Locate(s);

        var store = JumbfReader.ParseStore(located.Store!.Value);
        Assert.AreEqual(oracle["manifest_count"]!.GetValue<int>(), store.Children.Count);
        Assert.AreEqual(oracle["active_manifest"]!.GetValue<string>(), store.Children[^1].Label);
        Assert.HasCount(2, located.StoreRanges);
    }

    [TestMethod]
    public void TwoManifestBoxesAreTooManyStores()
    {
        // The oracle on a signed MP4 with its C2PA box appended again: C2pa(TooManyManifestStores)
        var signed = BmffSamples.Signed(BmffSamples.Source, "two-stores.mp4");
        var bytes = File.ReadAllBytes(signed);
        using (var s = new MemoryStream(bytes))
        {
            var range = Handler.Locate(s).StoreRanges[0];
            bytes = [.. bytes, .. bytes.AsSpan((int)range.Start, (int)range.Length)];
        }

        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => Handler.Locate(new MemoryStream(bytes)));

        Assert.AreEqual("TooManyManifestStores", e.Name);
    }

    [TestMethod]
    [DataRow("manifest\0", "manifesx", "C2PA box present without a readable manifest")]
    [DataRow("update\0", "updatx", "original manifest without update manifest")]
    [DataRow("original\0", "origina_", "update manifest without original manifest")]
    public void RetaggedC2paBoxesFailAsC2paRsDoes(string purpose, string retag, string message)
    {
        // Messages as the oracle reports them for the same edits: C2pa(C2PAValidation("..."))
        var signed = BmffSamples.Signed(BmffSamples.Source, "retag-src.mp4");
        var file = purpose.StartsWith("manifest", StringComparison.Ordinal) ? signed : BmffSamples.Signed(signed, "retag-upd.mp4", "--update");
        var bytes = File.ReadAllBytes(file);
        var needle = System.Text.Encoding.ASCII.GetBytes(purpose);
        int at = bytes.AsSpan().IndexOf(needle);
        System.Text.Encoding.ASCII.GetBytes(retag).CopyTo(bytes, at);

        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => Handler.Locate(new MemoryStream(bytes)));

        Assert.AreEqual(ReadError.C2PAValidation, e.Error);
        Assert.AreEqual(message, e.Message);
    }

    [TestMethod]
    public void AnUnsignedAvifHasNoStoreAndIsAnAvif()
    {
        using var s = File.OpenRead(SharedFolder.Fixture("sample1.avif"));

        Assert.IsTrue(Handler.Matches(Head(s)));
        Assert.AreEqual("image/avif", Handler.MediaType(s));
        Assert.IsNull(Handler.Locate(s).Store); // EXPECTED.tsv: C2pa(JumbfNotFound)
    }

    [TestMethod]
    [DataRow("qt  ", "video/quicktime")]
    [DataRow("M4A ", "audio/mp4")]
    [DataRow("isom", "video/mp4")]
    [DataRow("heic", "image/heic")]
    [DataRow("avif", "image/avif")]
    public void MediaTypeFollowsTheMajorBrand(string brand, string mediaType)
    {
        using var s = new MemoryStream(Ftyp(brand, "mif1"));
        Assert.AreEqual(mediaType, Handler.MediaType(s));
    }

    [TestMethod]
    public void AGenericHeifBrandIsNarrowedByItsCompatibleBrands()
    {
        Assert.AreEqual("image/heif", Handler.MediaType(new MemoryStream(Ftyp("mif1", "miaf"))));
        Assert.AreEqual("image/heic", Handler.MediaType(new MemoryStream(Ftyp("mif1", "heic"))));
        Assert.AreEqual("image/avif", Handler.MediaType(new MemoryStream(Ftyp("mif1", "avif"))));
    }

    [TestMethod]
    public void NestedMoovBombFailsAsC2paRsWordsIt()
    {
        using var s = File.OpenRead(SharedFolder.Fixture("nested_moov_1000.mp4"));

        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => Handler.Locate(s));

        // EXPECTED.tsv: C2pa(InvalidAsset("Boxes are too deply nested, unsupported asset"))
        Assert.AreEqual(ReadError.InvalidAsset, e.Error);
        Assert.AreEqual("Boxes are too deply nested, unsupported asset", e.Message);
    }

    [TestMethod]
    public void NestingUpToTheLimitC2paRsAcceptsIsRead()
    {
        // The oracle reads 32 nested moov boxes (JumbfNotFound) and refuses 33 (too deeply nested).
        using var ok = new MemoryStream([.. Ftyp("isom"), .. Nested(32)]);
        Assert.IsNull(Handler.Locate(ok).Store);

        using var deep = new MemoryStream([.. Ftyp("isom"), .. Nested(33)]);
        Assert.AreEqual(BmffTree.TooDeepMessage, Assert.ThrowsExactly<ProvenanceReadException>(() => Handler.Locate(deep)).Message);
    }

    [TestMethod]
    public void TruncatedBoxIsAnInvalidAsset()
    {
        var bytes = File.ReadAllBytes(BmffSamples.Source);
        using var s = new MemoryStream(bytes[..^100]);

        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => Handler.Locate(s));

        // The oracle on the same cut: C2pa(InvalidAsset("Box size extends beyond asset bounds"))
        Assert.AreEqual(ReadError.InvalidAsset, e.Error);
        StringAssert.StartsWith(e.Message, "Box size extends beyond asset bounds");
    }

    [TestMethod]
    public void ATailTooShortForABoxHeaderIsIgnored()
    {
        // The oracle reads a signed MP4 with 4 bytes appended (and reports the hash mismatch, not a read error).
        var signed = BmffSamples.Signed(BmffSamples.Source, "tail.mp4");
        using var s = new MemoryStream([.. File.ReadAllBytes(signed), 0, 0, 0, 0]);

        Assert.IsNotNull(Handler.Locate(s).Store);
    }

    [TestMethod]
    public void AbsurdLargeSizeIsRefusedWithoutAllocating()
    {
        var box = new byte[32];
        BinaryPrimitives.WriteUInt32BigEndian(box, 1);
        "mdat"u8.CopyTo(box.AsSpan(4));
        BinaryPrimitives.WriteUInt64BigEndian(box.AsSpan(8), ulong.MaxValue - 7);
        using var s = new MemoryStream([.. Ftyp("isom"), .. box]);

        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => Handler.Locate(s));

        StringAssert.Contains(e.Message, "mdat");
    }

    [TestMethod]
    public void SizesThatWouldLoopOrUnderflowFailFast()
    {
        foreach (uint size in new uint[] { 2, 7 })
        {
            var box = new byte[16];
            BinaryPrimitives.WriteUInt32BigEndian(box, size);
            "free"u8.CopyTo(box.AsSpan(4));
            using var s = new MemoryStream([.. Ftyp("isom"), .. box]);
            var watch = Stopwatch.StartNew();

            var e = Assert.ThrowsExactly<ProvenanceReadException>(() => Handler.Locate(s));

            StringAssert.StartsWith(e.Message, BmffTree.OutOfBoundsMessage); // the oracle's wording for a size-3 box
            Assert.IsLessThan(1000, watch.ElapsedMilliseconds);
        }
    }

    [TestMethod]
    public void TooManyBoxesAreRefusedQuickly()
    {
        var boxes = new byte[(BmffTree.MaxBoxes + 1) * 8];
        for (int i = 0; i < boxes.Length; i += 8)
        {
            boxes[i + 3] = 8;
            "free"u8.CopyTo(boxes.AsSpan(i + 4));
        }

        using var s = new MemoryStream([.. Ftyp("isom"), .. boxes]);
        var watch = Stopwatch.StartNew();

        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => Handler.Locate(s));

        StringAssert.Contains(e.Message, "more than");
        Assert.IsLessThan(5000, watch.ElapsedMilliseconds);
    }

    [TestMethod]
    public void AChildLargerThanItsParentIsRefused()
    {
        var child = Box("trak", new byte[8]);
        BinaryPrimitives.WriteUInt32BigEndian(child, 4000);
        using var s = new MemoryStream([.. Ftyp("isom"), .. Box("moov", child)]);

        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => Handler.Locate(s));

        StringAssert.Contains(e.Message, "trak");
    }

    [TestMethod]
    public void QuickTimeMetaWithoutVersionAndFlagsIsRead()
    {
        // The oracle reads moov/udta/meta written QuickTime-style (hdlr right after the header): JumbfNotFound.
        var hdlr = Box("hdlr", [.. new byte[8], .. "mdta"u8, .. new byte[13]]);
        var keys = Box("keys", new byte[8]);
        using var s = new MemoryStream([.. Ftyp("qt  ", "qt  "), .. Box("moov", Box("udta", Box("meta", [.. hdlr, .. keys])))]);

        var tree = BmffTree.Read(s);

        Assert.AreEqual(1, tree.AtPath("/moov/udta/meta/keys").Count);
        Assert.IsNull(Handler.Locate(s).Store);
    }

    [TestMethod]
    public void EverySharedMp4ReadsAsC2paRsReadsIt()
    {
        // verify.mjs over ../shared/data (measured once): JumbfNotFound for every MP4 except these two, which c2pa-rs
        // refuses with InvalidAsset("Box size extends beyond asset bounds").
        string[] outOfBounds = ["propainter_test-sample0.mp4", "propainter_test-sample1.mp4"];
        var files = Directory.EnumerateFiles(SharedFolder.Data, "*.mp4", SearchOption.AllDirectories).ToList();
        Assert.IsGreaterThan(100, files.Count);
        foreach (var file in files)
        {
            using var s = File.OpenRead(file);
            if (outOfBounds.Contains(Path.GetFileName(file)))
            {
                var e = Assert.ThrowsExactly<ProvenanceReadException>(() => Handler.Locate(s), file);
                StringAssert.StartsWith(e.Message, BmffTree.OutOfBoundsMessage);
            }
            else
            {
                Assert.IsNull(Handler.Locate(s).Store, file);
            }
        }
    }

    [TestMethod]
    public void SizeZeroRunsToTheEndOfTheFile()
    {
        var mdat = Box("mdat", new byte[100]);
        BinaryPrimitives.WriteUInt32BigEndian(mdat, 0);
        using var s = new MemoryStream([.. Ftyp("isom"), .. mdat]);

        var tree = BmffTree.Read(s);

        Assert.AreEqual(s.Length, tree.TopLevel.Last().End);
    }

    internal static byte[] Ftyp(string major, params string[] compatible) =>
        Box("ftyp", [.. System.Text.Encoding.Latin1.GetBytes(major), 0, 0, 0, 0, .. compatible.SelectMany(System.Text.Encoding.Latin1.GetBytes)]);

    internal static byte[] Box(string type, byte[] payload)
    {
        var b = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(b, (uint)b.Length);
        System.Text.Encoding.Latin1.GetBytes(type).CopyTo(b, 4);
        payload.CopyTo(b, 8);
        return b;
    }

    private static byte[] Nested(int levels)
    {
        byte[] inner = [];
        for (int i = 0; i < levels; i++)
        {
            inner = Box("moov", inner);
        }

        return inner;
    }

    private static byte[] Head(Stream s)
    {
        var head = new byte[64];
        s.Position = 0;
        s.ReadAtLeast(head, 64, throwOnEndOfStream: false);
        return head;
    }
}
