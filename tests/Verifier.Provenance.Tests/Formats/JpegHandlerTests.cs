using System.Buffers.Binary;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Formats;

[TestClass]
public sealed class JpegHandlerTests
{
    [TestMethod]
    [DataRow("jpg")]
    [DataRow("multi.jpg")]
    public void LocatesTheSameStoreAsTheOracle(string sample)
    {
        var file = SignedSamples.Path(sample);
        var (expected, report) = SignedSamples.OracleStore(file);

        var located = SignedSamples.Locate(file);

        CollectionAssert.AreEqual(expected, located.Store!.Value.ToArray());
        Assert.AreEqual("c2pa", JumbfReader.ParseStore(located.Store.Value).ContentType);
        var segments = report["app11_segments"]!.AsArray();
        long first = (long)segments[0]!["offset"]!;
        long total = segments.Sum(s => (long)s!["segment_len"]!);
        Assert.AreEqual(new ByteRange(first, total), located.StoreRanges.Single());
        if (sample == "multi.jpg")
        {
            Assert.IsGreaterThan(2, segments.Count, "--filler 150000 must force several APP11 segments");
        }
    }

    [TestMethod]
    public void ReassemblesSegmentsByZStartingAtZeroAndOutOfFileOrder()
    {
        var bytes = File.ReadAllBytes(SignedSamples.Path("multi.jpg"));
        var expected = SignedSamples.Locate(SignedSamples.Path("multi.jpg")).Store!.Value.ToArray();
        var segments = App11Segments("multi.jpg");
        foreach (var (offset, _) in segments)
        {
            var z = bytes.AsSpan((int)offset + 8, 4);
            BinaryPrimitives.WriteUInt32BigEndian(z, BinaryPrimitives.ReadUInt32BigEndian(z) - 1); // Z = 0, 1, 2...
        }

        // Swap the second and third segments in the file: the store is still one contiguous run.
        var (o1, l1) = segments[1];
        var (o2, l2) = segments[2];
        var swapped = bytes[..(int)o1].Concat(bytes[(int)o2..(int)(o2 + l2)]).Concat(bytes[(int)o1..(int)(o1 + l1)])
            .Concat(bytes[(int)(o2 + l2)..]).ToArray();

        var located = new JpegHandler().Locate(new MemoryStream(swapped));

        CollectionAssert.AreEqual(expected, located.Store!.Value.ToArray());
    }

    [TestMethod]
    public void RejectsANonContiguousRun()
    {
        var bytes = File.ReadAllBytes(SignedSamples.Path("multi.jpg"));
        var (second, _) = App11Segments("multi.jpg")[1];
        byte[] comment = [0xFF, 0xFE, 0x00, 0x04, (byte)'h', (byte)'i'];
        var broken = bytes[..(int)second].Concat(comment).Concat(bytes[(int)second..]).ToArray();

        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => new JpegHandler().Locate(new MemoryStream(broken)));

        Assert.AreEqual(ReadError.InvalidAsset, e.Error);
        StringAssert.Contains(e.Message, "not contiguous");
    }

    [TestMethod]
    public void RejectsAGapInTheSequence()
    {
        var bytes = File.ReadAllBytes(SignedSamples.Path("multi.jpg"));
        var (last, _) = App11Segments("multi.jpg")[^1];
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan((int)last + 8), 99);

        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => new JpegHandler().Locate(new MemoryStream(bytes)));

        StringAssert.Contains(e.Message, "Z=99");
    }

    [TestMethod]
    public void ASegmentLengthPastTheEndIsAnInvalidAsset()
    {
        var bytes = File.ReadAllBytes(SignedSamples.Path("jpg"));
        var (first, _) = App11Segments("jpg")[0];
        var truncated = bytes[..(int)(first + 1000)];

        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => new JpegHandler().Locate(new MemoryStream(truncated)));

        Assert.AreEqual(ReadError.InvalidAsset, e.Error);
        StringAssert.Contains(e.Message, "declares");
    }

    [TestMethod]
    public void ASegmentCutBeforeItsLengthIsAnInvalidAsset()
    {
        byte[] bytes = [0xFF, 0xD8, 0xFF, 0xE0, 0x00];
        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => new JpegHandler().Locate(new MemoryStream(bytes)));
        StringAssert.Contains(e.Message, "truncated");
    }

    [TestMethod]
    public void AnUnsignedJpegHasNoStore()
    {
        var located = SignedSamples.Locate(Path.Combine(SharedFolder.Data, "ai", "image", "dalle_dalle8_orig.jpeg"));

        Assert.IsNull(located.Store);
        Assert.IsEmpty(located.StoreRanges);
    }

    [TestMethod]
    public void ReadsTheRemoteManifestUrlFromXmp()
    {
        Assert.AreEqual(SignedSamples.RemoteUrl, SignedSamples.Locate(SignedSamples.Path("remote.jpg")).RemoteUrl);
        Assert.IsNull(SignedSamples.Locate(SignedSamples.Path("jpg")).RemoteUrl);
    }

    [TestMethod]
    public void BoxMapNamesSegmentsAsC2paRsDoes()
    {
        using var stream = File.OpenRead(SharedFolder.Fixture("boxhash.jpg"));

        var map = new JpegHandler().GetBoxMap(stream);

        // Segment layout of the fixture (walked independently with a hex dump): the two APP11 segments are one C2PA box.
        CollectionAssert.AreEqual(
            new[] { "SOI", "APP0", "C2PA", "APP1", "APP13", "SOF0", "DQT", "DQT", "DHT", "DHT", "DHT", "DHT", "SOS", "EOI" },
            map.Select(b => b.Name).ToArray());
        Assert.AreEqual(new ByteRange(20, 64012 + 58142), map[2].Range);
        Assert.AreEqual(new ByteRange(125296, 174306 - 125296), map[12].Range);
        Assert.AreEqual(stream.Length, map[^1].Range.End);
    }

    /// <summary>Where jumbf.mjs (independent of our walker) found the C2PA APP11 segments.</summary>
    private static List<(long Offset, long Length)> App11Segments(string sample)
    {
        var report = SignedSamples.OracleStore(SignedSamples.Path(sample)).Report;
        return report["app11_segments"]!.AsArray().Select(s => ((long)s!["offset"]!, (long)s["segment_len"]!)).ToList();
    }
}
