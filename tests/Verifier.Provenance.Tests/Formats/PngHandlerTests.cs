using System.Buffers.Binary;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Formats;

[TestClass]
public sealed class PngHandlerTests
{
    [TestMethod]
    public void LocatesTheSameStoreAndChunkAsTheOracle()
    {
        var file = SignedSamples.Path("png");
        var (expected, report) = SignedSamples.OracleStore(file);

        var located = SignedSamples.Locate(file);

        CollectionAssert.AreEqual(expected, located.Store!.Value.ToArray());
        Assert.AreEqual("c2pa", JumbfReader.ParseStore(located.Store.Value).ContentType);
        Assert.AreEqual(new ByteRange((long)report["caBX_offset"]!, (long)report["chunk_len"]!), located.StoreRanges.Single());
    }

    [TestMethod]
    public void APlainPngHasNoStore()
    {
        var located = SignedSamples.Locate(SharedFolder.Fixture("libpng-test.png"));

        Assert.IsNull(located.Store);
        Assert.IsNull(located.RemoteUrl);
    }

    [TestMethod]
    public void ReadsTheRemoteManifestUrlFromITxtXmp()
    {
        Assert.AreEqual(SignedSamples.RemoteUrl, SignedSamples.Locate(SignedSamples.Path("remote.png")).RemoteUrl);
    }

    [TestMethod]
    public void AnAbsurdChunkLengthIsAnInvalidAsset()
    {
        var bytes = File.ReadAllBytes(SignedSamples.Path("png"));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(33), 0xFFFFFFF0); // the chunk after IHDR

        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => new PngHandler().Locate(new MemoryStream(bytes)));

        Assert.AreEqual(ReadError.InvalidAsset, e.Error);
        StringAssert.Contains(e.Message, "2^31-1");
    }

    [TestMethod]
    public void AChunkLongerThanTheFileIsAnInvalidAsset()
    {
        var bytes = File.ReadAllBytes(SignedSamples.Path("png"));
        var truncated = bytes[..(bytes.Length / 2)];

        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => new PngHandler().Locate(new MemoryStream(truncated)));

        StringAssert.Contains(e.Message, "remain");
    }

    [TestMethod]
    public void BoxMapStartsWithTheSignatureAndNamesTheStoreC2pa()
    {
        var file = SignedSamples.Path("png");
        var report = SignedSamples.OracleStore(file).Report;
        using var stream = File.OpenRead(file);

        var map = new PngHandler().GetBoxMap(stream);

        Assert.AreEqual(new BoxMapEntry("PNGh", new ByteRange(0, 8)), map[0]);
        Assert.AreEqual("IHDR", map[1].Name);
        var c2pa = map.Single(b => b.Name == IBoxMapProvider.C2paBoxName);
        Assert.AreEqual(new ByteRange((long)report["caBX_offset"]!, (long)report["chunk_len"]!), c2pa.Range);
        Assert.AreEqual("IEND", map[^1].Name);
        Assert.AreEqual(stream.Length, map[^1].Range.End);
    }
}
