using System.Formats.Cbor;
using Verifier.Provenance.Cbor;

namespace Verifier.Provenance.Tests.Cbor;

[TestClass]
public sealed class CborNodeTests
{
    [TestMethod]
    public void ReadsMapsWithTextAndIntegerKeysAndKeepsEveryNodesStoredBytes()
    {
        var w = new CborWriter();
        w.WriteStartMap(3);
        w.WriteTextString("alg");
        w.WriteTextString("sha256");
        w.WriteInt32(1);
        w.WriteInt32(-7);
        w.WriteTextString("hash");
        w.WriteByteString([1, 2, 3]);
        w.WriteEndMap();
        var bytes = w.Encode();

        var node = CborNode.Decode(bytes);

        Assert.AreEqual("sha256", node["alg"]!.Text);
        Assert.AreEqual(-7L, node[1]!.Int64);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, node["hash"]!.Bytes!.Value.ToArray());
        CollectionAssert.AreEqual(bytes, node.Encoded.ToArray());
        CollectionAssert.AreEqual(new byte[] { 0x43, 1, 2, 3 }, node["hash"]!.Encoded.ToArray());
    }

    [TestMethod]
    public void NonCanonicalMapsAndTagsAreReadLeniently()
    {
        // {"b": 1, "a": 0("x")}: keys out of canonical order, a tagged value.
        byte[] bytes = [0xA2, 0x61, 0x62, 0x01, 0x61, 0x61, 0xC0, 0x61, 0x78];

        var node = CborNode.Decode(bytes);

        Assert.AreEqual(1L, node["b"]!.Int64);
        Assert.AreEqual(CborNodeKind.Tagged, node["a"]!.Kind);
        Assert.AreEqual("x", node["a"]!.Text);
    }

    [TestMethod]
    public void LargeUnsignedAndNegativeIntegersKeepTheirValue()
    {
        var w = new CborWriter();
        w.WriteStartArray(2);
        w.WriteUInt64(ulong.MaxValue);
        w.WriteInt64(long.MinValue);
        w.WriteEndArray();

        var items = CborNode.Decode(w.Encode()).Items;

        Assert.AreEqual(new System.Numerics.BigInteger(ulong.MaxValue), items[0].Integer);
        Assert.IsNull(items[0].Int64, "does not fit a long");
        Assert.AreEqual(long.MinValue, items[1].Int64);
    }

    [TestMethod]
    public void HostileNestingAndTruncationAreRefusedNotThrownThrough()
    {
        var deep = Enumerable.Repeat((byte)0x81, 10_000).Append((byte)0x00).ToArray();
        Assert.IsNull(CborNode.TryDecode(deep));
        Assert.IsNull(CborNode.TryDecode(new byte[] { 0x5A, 0xFF, 0xFF, 0xFF, 0xFF, 0x00 }), "a 4 GB byte string in 6 bytes");
        Assert.IsNull(CborNode.TryDecode(new byte[] { 0xA1, 0x61 }), "truncated");
        Assert.IsNull(CborNode.TryDecode(new byte[] { 0x01, 0x02 }), "trailing bytes");
    }
}
