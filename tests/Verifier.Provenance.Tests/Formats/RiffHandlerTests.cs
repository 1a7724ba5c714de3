using System.Buffers.Binary;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Formats;

[TestClass]
public sealed class RiffHandlerTests
{
    [TestMethod]
    [DataRow("webp", "image/webp")]
    [DataRow("avi", "video/x-msvideo")]
    [DataRow("wav", "audio/wav")]
    public void LocatesTheC2paChunkOfASignedFile(string sample, string mediaType)
    {
        var file = SignedSamples.Path(sample);
        using var stream = File.OpenRead(file);
        var handler = AssetHandlers.Detect(stream);

        Assert.IsInstanceOfType<RiffHandler>(handler);
        Assert.AreEqual(mediaType, handler.MediaType(stream));
        var located = handler.Locate(stream);
        Assert.AreEqual("c2pa", JumbfReader.ParseStore(located.Store!.Value).ContentType);
        var range = located.StoreRanges.Single();
        Assert.AreEqual(8 + located.Store.Value.Length, range.Length, "the chunk header and data, without the pad byte");

        // The chunk range is what c2pa-rs excluded from the hash when it signed the file.
        var (manifest, hash) = SignedSamples.Assertion(located.Store.Value, "c2pa.hash.data");
        var exclusion = hash["exclusions"]!.Items.Single();
        Assert.AreEqual(new ByteRange(exclusion["start"]!.Int64!.Value, exclusion["length"]!.Int64!.Value), range, manifest);
    }

    [TestMethod]
    public void ReadsTheRemoteManifestUrlFromTheXmpChunk()
    {
        Assert.AreEqual(SignedSamples.RemoteUrl, SignedSamples.Locate(SignedSamples.Path("remote.webp")).RemoteUrl);
    }

    [TestMethod]
    [DataRow("test.webp")]
    [DataRow("riff_bomb_1000.wav")]
    public void FilesC2paRsReadsAsJumbfNotFoundHaveNoStore(string fixture)
    {
        var located = SignedSamples.Locate(SharedFolder.Fixture(fixture));

        Assert.IsNull(located.Store);
    }

    [TestMethod]
    public void AChunkPastTheEndOfTheFileIsAnInvalidAsset()
    {
        var bytes = File.ReadAllBytes(SignedSamples.Path("webp"));
        var truncated = bytes[..^1000];

        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => new RiffHandler().Locate(new MemoryStream(truncated)));

        Assert.AreEqual(ReadError.InvalidAsset, e.Error);
        StringAssert.Contains(e.Message, "past the end of the file");
    }

    [TestMethod]
    public void AnAbsurdChunkSizeIsAnInvalidAsset()
    {
        var bytes = File.ReadAllBytes(SharedFolder.Fixture("test.webp"));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 0xFFFFFFF0); // the first chunk's size

        Assert.ThrowsExactly<ProvenanceReadException>(() => new RiffHandler().Locate(new MemoryStream(bytes)));
    }
}
