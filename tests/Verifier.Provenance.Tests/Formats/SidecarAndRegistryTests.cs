using Verifier.Provenance.Formats;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Provenance.Tests.Formats;

[TestClass]
public sealed class SidecarAndRegistryTests
{
    [TestMethod]
    public void ASidecarStoreIsTheWholeFile()
    {
        var file = SharedFolder.Fixture("cloud_manifest.c2pa");
        using var stream = File.OpenRead(file);
        var handler = AssetHandlers.Detect(stream);

        Assert.IsInstanceOfType<SidecarHandler>(handler);
        Assert.AreEqual("application/c2pa", handler.MediaType(stream)); // EXPECTED.tsv's format for this fixture
        var located = handler.Locate(stream);
        CollectionAssert.AreEqual(File.ReadAllBytes(file), located.Store!.Value.ToArray());
        Assert.AreEqual("c2pa", JumbfReader.ParseStore(located.Store.Value).ContentType);
        Assert.IsEmpty(located.StoreRanges);
    }

    [TestMethod]
    [DataRow("boxhash.jpg", "image/jpeg")]
    [DataRow("libpng-test.png", "image/png")]
    [DataRow("test.webp", "image/webp")]
    [DataRow("riff_bomb_1000.wav", "audio/wav")]
    [DataRow("cloud_manifest.c2pa", "application/c2pa")]
    public void DetectsFormatsByMagicBytesAsEXPECTEDtsvNamesThem(string fixture, string mediaType)
    {
        using var stream = File.OpenRead(SharedFolder.Fixture(fixture));
        stream.Position = 5;

        var handler = AssetHandlers.Detect(stream);

        Assert.IsNotNull(handler);
        Assert.AreEqual(0, stream.Position, "Detect rewinds");
        Assert.AreEqual(mediaType, handler.MediaType(stream));
        Assert.AreSame(handler, AssetHandlers.ForMediaType(mediaType));
    }

    [TestMethod]
    public void UnknownFormatsAreNotDetected()
    {
        Assert.IsNull(AssetHandlers.Detect(new MemoryStream("just some text, not an image"u8.ToArray())));
        Assert.IsNull(AssetHandlers.Detect(new MemoryStream([])));
        Assert.IsNull(AssetHandlers.ForMediaType("video/mp4"));
    }
}
