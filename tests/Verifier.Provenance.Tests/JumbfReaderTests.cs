using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Validation;
using static Verifier.Provenance.Tests.Support.JumbfBuilder;

namespace Verifier.Provenance.Tests;

[TestClass]
public sealed class JumbfReaderTests
{
    [TestMethod]
    public void ParsesNestedSuperboxesWithLabels()
    {
        var claim = Box("jumb", Description("c2cl", "c2pa.claim.v2"), Box("cbor", [0xA0]));
        var manifest = Box("jumb", Description("c2ma", "urn:c2pa:1"), claim);
        var store = Box("jumb", Description("c2pa", "c2pa"), manifest);

        var root = JumbfReader.ParseStore(store);

        Assert.AreEqual("c2pa", root.ContentType);
        var m = root.Child("urn:c2pa:1");
        Assert.IsNotNull(m);
        Assert.AreEqual("c2ma", m.ContentType);
        var c = m.Child("c2pa.claim.v2");
        Assert.IsNotNull(c);
        Assert.AreEqual("cbor", c.Content!.Type);
        CollectionAssert.AreEqual(new byte[] { 0xA0 }, c.Content.Payload.ToArray());
        CollectionAssert.AreEqual(claim[8..], c.Payload.ToArray());
    }

    [TestMethod]
    public void RejectsABoxLargerThanItsParent()
    {
        // A content box: c2pa-rs reads an overrunning superbox at the store's end to that end (see Robustness), not this.
        var store = Box("jumb", Description("c2pa", "c2pa"), Box("cbor", [0xA0]));
        store[store.Length - 9 + 3] += 50;
        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => JumbfReader.ParseStore(store));
        Assert.AreEqual(ReadError.JumbfParseError, e.Error);
    }

    [TestMethod]
    public void RejectsDeepNesting()
    {
        byte[] inner = Box("jumb", Description("cbor", "x"), Box("cbor", [0xA0]));
        for (int i = 0; i < 40; i++)
        {
            inner = Box("jumb", Description("c2as", "n" + i), inner);
        }

        var store = Box("jumb", Description("c2pa", "c2pa"), inner);
        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => JumbfReader.ParseStore(store));
        StringAssert.Contains(e.Message, "nested");
    }

    [TestMethod]
    public void RejectsAStoreOfAnotherContentType()
    {
        var store = Box("jumb", Description("c2ma", "urn:c2pa:1"));
        Assert.ThrowsExactly<ProvenanceReadException>(() => JumbfReader.ParseStore(store));
    }
}
