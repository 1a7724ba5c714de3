using Verifier.Provenance.Formats;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Formats;

[TestClass]
public sealed class TiffAndMp3HandlerTests
{
    [TestMethod]
    [DataRow("tif", "image/tiff")]
    [DataRow("mp3", "audio/mpeg")]
    public void LocatesTheStoreWhereC2paRsExcludedIt(string sample, string mediaType)
    {
        var file = SignedSamples.Path(sample);
        using var stream = File.OpenRead(file);
        var handler = AssetHandlers.Detect(stream)!;

        var located = handler.Locate(stream);

        Assert.AreEqual(mediaType, handler.MediaType(stream));
        Assert.AreEqual("c2pa", JumbfReader.ParseStore(located.Store!.Value).ContentType);
        var (_, hash) = SignedSamples.Assertion(located.Store.Value, "c2pa.hash.data");
        var exclusions = hash["exclusions"]!.Items.Select(e => new ByteRange(e["start"]!.Int64!.Value, e["length"]!.Int64!.Value)).ToList();
        CollectionAssert.AreEquivalent(exclusions, located.StoreRanges.ToList(),
            "TIFF: the C2PA entry's count field and the store; MP3: the GEOB object");
    }

    [TestMethod]
    [DataRow("remote.tif")]
    [DataRow("remote.mp3")]
    public void ReadsTheRemoteManifestUrlFromXmp(string sample)
    {
        var located = SignedSamples.Locate(SignedSamples.Path(sample));

        Assert.AreEqual(SignedSamples.RemoteUrl, located.RemoteUrl);
        Assert.IsNotNull(located.Store, "--remote also embeds the store");
    }

    [TestMethod]
    public void ATiffWithTooManySubfilesIsRefusedAsByC2paRs()
    {
        // EXPECTED.tsv: C2pa(InvalidAsset("TIFF file has too many subfiles"))
        using var stream = File.OpenRead(SharedFolder.Fixture("tiff_poc.tiff"));

        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => AssetHandlers.Detect(stream)!.Locate(stream));

        Assert.AreEqual(ReadError.InvalidAsset, e.Error);
        Assert.AreEqual("TIFF file has too many subfiles", e.Message);
    }

    [TestMethod]
    public void AnId3CompressionUnderflowReadsAsNoManifest()
    {
        // EXPECTED.tsv: C2pa(JumbfNotFound)
        var located = SignedSamples.Locate(SharedFolder.Fixture("id3v23_compression_underflow.mp3"));

        Assert.IsNull(located.Store);
    }

    [TestMethod]
    public void AnIfdOutsideTheFileIsAnInvalidAsset()
    {
        byte[] tiff = [(byte)'I', (byte)'I', 42, 0, 0xF0, 0xFF, 0xFF, 0x7F];

        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => new TiffHandler().Locate(new MemoryStream(tiff)));

        StringAssert.Contains(e.Message, "outside the file");
    }
}
