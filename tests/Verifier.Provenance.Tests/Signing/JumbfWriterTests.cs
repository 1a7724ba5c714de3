using Verifier.Provenance.Jumbf;

namespace Verifier.Provenance.Tests.Signing;

/// <summary>What the JUMBF writer makes, the reader (which agrees with c2pa-rs on 31 fixtures) reads back the same.</summary>
[TestClass]
public sealed class JumbfWriterTests
{
    [TestMethod]
    public void SaltedAssertionInAStoreReadsBack()
    {
        var salt = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var assertion = JumbfWriter.Superbox("cbor", "c2pa.actions.v2", [JumbfWriter.Box("cbor", [0xA0])], salt);
        var assertions = JumbfWriter.Superbox("c2as", "c2pa.assertions", [assertion]);
        var manifest = JumbfWriter.Superbox("c2ma", "urn:c2pa:test", [assertions]);
        var store = JumbfWriter.Superbox("c2pa", "c2pa", [manifest]);

        var root = JumbfReader.ParseStore(store);
        var read = root.Child("urn:c2pa:test")?.Child("c2pa.assertions")?.Child("c2pa.actions.v2");
        Assert.IsNotNull(read);
        Assert.AreEqual("cbor", read.ContentType);
        Assert.AreEqual(0x13, read.Description!.Toggles);
        Assert.AreEqual("c2sh", read.Description.PrivateBox?.Type);
        CollectionAssert.AreEqual(salt, read.Description.PrivateBox!.Payload.ToArray());
        CollectionAssert.AreEqual(new byte[] { 0xA0 }, read.Content!.Payload.ToArray());
        CollectionAssert.AreEqual(JumbfWriter.PayloadOf(assertion).ToArray(), read.Payload.ToArray());
    }

    [TestMethod]
    public void UnsaltedSuperboxHasToggles03()
    {
        var root = JumbfReader.ParseStore(JumbfWriter.Superbox("c2pa", "c2pa", []));
        Assert.AreEqual(0x03, root.Description!.Toggles);
        Assert.AreEqual("c2pa", root.Label);
    }
}
