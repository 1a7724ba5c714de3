using System.Buffers.Binary;
using Verifier.Provenance.Formats.Bmff;
using Verifier.Provenance.Signing.Embedding;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Signing;

/// <summary>
/// iloc layouts the AVIF fixtures do not have (versions 1 and 2, 8-byte fields, extent indices, idat and external items),
/// built by hand and moved by a map that inserts 64 bytes at 100 and removes 500 at 3000; expected values worked out by hand.
/// </summary>
[TestClass]
public sealed class ItemLocationsTests
{
    private static long Map(long o) => o < 100 ? o : o < 3000 ? o + 64 : o + 64 - 500;

    [TestMethod]
    public void Version1MovesFileItemsAndLeavesIdatAndExternalOnes()
    {
        var w = new IlocWriter(version: 1, offsetSize: 8, lengthSize: 4, baseOffsetSize: 4, indexSize: 4);
        w.U16(3); // item_count
        // Item 1 in this file: base 1000, extents at 1000+10 and 1000+5000 (past the removed span: they move differently).
        w.U16(1).U16(0).U16(0).U32(1000).U16(2).U32(0).U64(10).U32(5).U32(0).U64(5000).U32(7);
        // Item 2 in idat (construction method 1): offsets are relative to idat.
        w.U16(2).U16(1).U16(0).U32(0).U16(1).U32(0).U64(20).U32(3);
        // Item 3 in another file (data_reference_index 1).
        w.U16(3).U16(0).U16(1).U32(2000).U16(1).U32(0).U64(30).U32(4);
        var box = w.Shifted();

        var r = new IlocReader(box, 8 + 4 + 2 + 2);
        Assert.AreEqual(1L, r.U16());
        r.Skip(4);
        Assert.AreEqual(1064L, r.U32(), "item 1's base moves with its first extent");
        r.Skip(2 + 4);
        Assert.AreEqual(10L, r.U64(), "the first extent moves with the base");
        r.Skip(4 + 4);
        Assert.AreEqual(4500L, r.U64(), "1064 + 4500 = 5564 = 6000 + 64 - 500");
        r.Skip(4 + 2 + 4);
        Assert.AreEqual(0L, r.U32(), "idat item base");
        r.Skip(2 + 4);
        Assert.AreEqual(20L, r.U64(), "idat item offset");
        r.Skip(4 + 2 + 4);
        Assert.AreEqual(2000L, r.U32(), "external item base");
        r.Skip(2 + 4);
        Assert.AreEqual(30L, r.U64(), "external item offset");
    }

    [TestMethod]
    public void Version2WithWideItemIdsMovesExtentOffsets()
    {
        var w = new IlocWriter(version: 2, offsetSize: 4, lengthSize: 8, baseOffsetSize: 0, indexSize: 0);
        w.U32(1).U32(70000).U16(0).U16(0).U16(1).U32(200).U64(9);
        var r = new IlocReader(w.Shifted(), 8 + 4 + 2 + 4 + 4 + 2 + 2 + 2);
        Assert.AreEqual(264L, r.U32());
        Assert.AreEqual(9L, r.U64(), "lengths are not touched");
    }

    [TestMethod]
    public void Version0WithOnlyABaseOffsetMovesTheBase()
    {
        var w = new IlocWriter(version: 0, offsetSize: 0, lengthSize: 4, baseOffsetSize: 8, indexSize: 0);
        w.U16(1).U16(1).U16(0).U64(300).U16(1).U32(50);
        var r = new IlocReader(w.Shifted(), 8 + 4 + 2 + 2 + 2 + 2);
        Assert.AreEqual(364L, r.U64());
    }

    [TestMethod]
    public void TruncatedOrUnknownIlocIsInvalidAsset()
    {
        var w = new IlocWriter(version: 0, offsetSize: 4, lengthSize: 4, baseOffsetSize: 0, indexSize: 0);
        w.U16(2).U16(1).U16(0).U16(1).U32(200).U32(9); // says 2 items, holds 1
        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => w.Shifted());
        Assert.AreEqual(ReadError.InvalidAsset, e.Error);
        StringAssert.Contains(e.Message, "/meta/iloc");

        var v3 = new IlocWriter(version: 3, offsetSize: 4, lengthSize: 4, baseOffsetSize: 0, indexSize: 0);
        v3.U16(0);
        Assert.AreEqual(ReadError.InvalidAsset, Assert.ThrowsExactly<ProvenanceReadException>(() => v3.Shifted()).Error);
    }

    private sealed class IlocWriter
    {
        private readonly List<byte> _bytes = [];

        public IlocWriter(int version, int offsetSize, int lengthSize, int baseOffsetSize, int indexSize)
        {
            U32(0).U32(BinaryPrimitives.ReadUInt32BigEndian("iloc"u8)).U32((uint)version << 24);
            U16((ushort)(offsetSize << 12 | lengthSize << 8 | baseOffsetSize << 4 | indexSize));
        }

        public IlocWriter U16(ushort v) => Put(BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(v)));

        public IlocWriter U32(uint v) => Put(BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(v)));

        public IlocWriter U64(ulong v) => Put(BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(v)));

        public byte[] Shifted()
        {
            var box = _bytes.ToArray();
            BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
            var iloc = new BmffBox(5000, box.Length, 8, "iloc", "/meta/iloc", 2, 0, null, box[8], 0);
            ItemLocations.Shift(box, iloc, Map);
            return box;
        }

        private IlocWriter Put(byte[] b)
        {
            _bytes.AddRange(b);
            return this;
        }
    }

    private sealed class IlocReader(byte[] box, int at)
    {
        private int _at = at;

        public void Skip(int n) => _at += n;

        public long U16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

        public long U32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

        public long U64() => (long)BinaryPrimitives.ReadUInt64BigEndian(Take(8));

        private ReadOnlySpan<byte> Take(int n)
        {
            _at += n;
            return box.AsSpan(_at - n, n);
        }
    }
}
