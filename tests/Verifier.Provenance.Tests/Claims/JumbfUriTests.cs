using Verifier.Provenance.Claims;

namespace Verifier.Provenance.Tests.Claims;

[TestClass]
public sealed class JumbfUriTests
{
    [TestMethod]
    [DataRow("self#jumbf=/c2pa/urn:c2pa:abc/c2pa.assertions/c2pa.actions.v2", "urn:c2pa:abc")]
    [DataRow("self#jumbf=/c2pa/urn:c2pa:abc", "urn:c2pa:abc")]
    [DataRow("self#jumbf=c2pa.assertions/c2pa.actions.v2", null)]
    [DataRow("https://example.com/x", null)]
    public void ManifestLabelOfAbsoluteUrisOnly(string uri, string? expected) =>
        Assert.AreEqual(expected, JumbfUri.ManifestLabel(uri));

    [TestMethod]
    public void RelativeUrisResolveInsideTheirManifest() =>
        Assert.AreEqual("self#jumbf=/c2pa/urn:c2pa:abc/c2pa.assertions/c2pa.hash.data",
            JumbfUri.ToAbsolute("urn:c2pa:abc", "self#jumbf=c2pa.assertions/c2pa.hash.data"));

    [TestMethod]
    [DataRow("c2pa.actions.v2", "c2pa.actions")]
    [DataRow("c2pa.ingredient.v3__2", "c2pa.ingredient")]
    [DataRow("c2pa.hash.data", "c2pa.hash.data")]
    [DataRow("cawg.identity__1", "cawg.identity")]
    public void BaseLabelDropsVersionAndInstance(string label, string expected) =>
        Assert.AreEqual(expected, JumbfUri.BaseLabel(label));

    [TestMethod]
    [DataRow("self#jumbf=/c2pa/urn:c2pa:abc/c2pa.signature", "c2pa.signature")]
    [DataRow("self#jumbf=c2pa.signature", "c2pa.signature")]
    [DataRow("self#jumbf=/c2pa/urn:c2pa:abc/c2pa.assertions/x", "c2pa.assertions")]
    public void BoxNameIsTheBoxUnderTheManifest(string uri, string expected) =>
        Assert.AreEqual(expected, JumbfUri.BoxName(uri));
}
