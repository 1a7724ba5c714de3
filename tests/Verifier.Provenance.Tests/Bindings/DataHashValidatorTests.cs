using System.Formats.Cbor;
using System.Security.Cryptography;
using Verifier.Provenance.Bindings;
using Verifier.Provenance.Cbor;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Tests.Formats;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Bindings;

[TestClass]
public sealed class DataHashValidatorTests
{
    private const string Url = "self#jumbf=/c2pa/urn:c2pa:test/c2pa.assertions/c2pa.hash.data";

    [TestMethod]
    [DataRow("jpg")]
    [DataRow("multi.jpg")]
    [DataRow("png")]
    [DataRow("webp")]
    [DataRow("avi")]
    [DataRow("wav")]
    [DataRow("tif")]
    [DataRow("mp3")]
    public void GivesTheDataHashCodesC2paRsGivesOnFilesItSigned(string sample)
    {
        var file = SignedSamples.Path(sample);
        var verdict = SignedSamples.Verify(file);
        var expected = new[] { "success", "informational", "failure" }.SelectMany(kind => SignedSamples.Codes(verdict, kind))
            .Where(c => c.StartsWith("assertion.dataHash", StringComparison.Ordinal)).Order().ToList();

        var log = ValidateEmbedded(file);

        CollectionAssert.Contains(expected, ValidationCodes.AssertionDataHashMatch);
        CollectionAssert.AreEqual(expected, log.Entries.Select(e => e.Code).Order().ToList());
    }

    [TestMethod]
    public void MatchesOnTheBoxhashFixture()
    {
        // EXPECTED.tsv: Valid with signingCredential.untrusted only. Its hard binding is a c2pa.hash.data over two APP11 segments.
        var log = ValidateEmbedded(SharedFolder.Fixture("boxhash.jpg"));

        Assert.AreEqual(ValidationCodes.AssertionDataHashMatch, log.Entries.Single().Code);
    }

    [TestMethod]
    [DataRow("jpg")]
    [DataRow("png")]
    public void TamperedImageDataMismatchesWithC2paRsExplanation(string sample)
    {
        var tampered = SignedSamples.NewPath("tampered." + sample.Split('.')[^1]);
        Oracle.Instance.Tamper(SignedSamples.Path(sample), tampered, "data");
        var expected = SignedSamples.Explanations(SignedSamples.Verify(tampered), ValidationCodes.AssertionDataHashMismatch);

        var log = ValidateEmbedded(tampered);

        Assert.AreEqual(ValidationCodes.AssertionDataHashMismatch, log.Entries.Single().Code);
        CollectionAssert.AreEqual(expected, log.Entries.Select(e => e.Explanation).ToList());
    }

    [TestMethod]
    public void AStoreMovedAwayFromItsExclusionFailsTwiceAsInC2paRs()
    {
        // A COM segment inserted before the store: the exclusion no longer sits on the store, and the hash changes.
        var bytes = File.ReadAllBytes(SignedSamples.Path("jpg"));
        var moved = SignedSamples.NewPath("moved.jpg");
        File.WriteAllBytes(moved, [.. bytes[..20], 0xFF, 0xFE, 0x00, 0x04, (byte)'h', (byte)'i', .. bytes[20..]]);
        var expected = SignedSamples.Explanations(SignedSamples.Verify(moved), ValidationCodes.AssertionDataHashMismatch);

        var log = ValidateEmbedded(moved);

        Assert.HasCount(2, expected);
        CollectionAssert.AreEqual(expected, log.Failures.Select(e => e.Explanation).ToList());
        Assert.IsTrue(log.Failures.All(e => e.Code == ValidationCodes.AssertionDataHashMismatch));
    }

    [TestMethod]
    public void BytesSmuggledIntoAWiderExclusionAreRejectedEvenWhenTheHashMatches()
    {
        // A writer excludes the store plus a comment segment after it, then anyone may rewrite that comment:
        // the hash still matches, so only the store-location rule (c2pa-rs 0.91) catches it.
        var signed = File.ReadAllBytes(SignedSamples.Path("jpg"));
        var located = SignedSamples.Locate(SignedSamples.Path("jpg"));
        var store = located.StoreRanges.Single();
        byte[] comment = [0xFF, 0xFE, 0x00, 0x06, (byte)'o', (byte)'k', (byte)'!', (byte)'!'];
        var file = Splice(signed, store.End, comment);
        var wide = new ByteRange(store.Start, store.Length + comment.Length);
        var assertion = DataHash(SHA256.HashData(Without(file, wide)), wide);
        comment[4] = (byte)'X';
        var smuggled = Splice(signed, store.End, comment);

        var log = new StatusLog();
        DataHashValidator.Validate(assertion, Url, "sha256", new MemoryStream(smuggled), Locate(smuggled), log);

        CollectionAssert.AreEqual(
            new[] { ValidationCodes.AssertionDataHashMismatch, ValidationCodes.AssertionDataHashMatch },
            log.Entries.Select(e => e.Code).ToArray());
        Assert.AreEqual(DataHashValidator.LocationMismatch, log.Entries[0].Explanation);
        Assert.IsTrue(log.HasFailures);
    }

    [TestMethod]
    public void MoreThanOneExclusionIsReportedAsInformational()
    {
        var bytes = File.ReadAllBytes(SignedSamples.Path("png"));
        var store = SignedSamples.Locate(SignedSamples.Path("png")).StoreRanges.Single();
        var metadata = new ByteRange(8, 25); // IHDR, excluded as well
        var assertion = DataHash(SHA384.HashData(Without(bytes, metadata, store)), [metadata, store], alg: "sha384");

        var log = new StatusLog();
        DataHashValidator.Validate(assertion, Url, "sha256", new MemoryStream(bytes), Locate(bytes), log);

        CollectionAssert.AreEqual(
            new[] { ValidationCodes.AssertionDataHashAdditionalExclusions, ValidationCodes.AssertionDataHashMatch },
            log.Entries.Select(e => e.Code).ToArray());
        Assert.IsFalse(log.HasFailures);
    }

    [TestMethod]
    public void AnExclusionPastTheEndMismatches()
    {
        var bytes = File.ReadAllBytes(SignedSamples.Path("png"));
        var store = SignedSamples.Locate(SignedSamples.Path("png")).StoreRanges.Single();
        var assertion = DataHash(new byte[32], store, new ByteRange(bytes.Length - 4, 100));

        var log = new StatusLog();
        DataHashValidator.Validate(assertion, Url, "sha256", new MemoryStream(bytes), Locate(bytes), log);

        var failure = log.Entries.Single(e => e.Code == ValidationCodes.AssertionDataHashMismatch);
        StringAssert.Contains(failure.Explanation, "exceed the data length");
    }

    [TestMethod]
    public void AnAssertionWithoutAHashIsMalformed()
    {
        var writer = new CborWriter();
        writer.WriteStartMap(1);
        writer.WriteTextString("name");
        writer.WriteTextString("no hash");
        writer.WriteEndMap();

        var log = new StatusLog();
        DataHashValidator.Validate(CborNode.Decode(writer.Encode()), Url, "sha256", new MemoryStream([1]), new LocatedManifest(), log);

        Assert.AreEqual(ValidationCodes.AssertionDataHashMalformed, log.Entries.Single().Code);
    }

    [TestMethod]
    public void ASidecarStoreIsCheckedAgainstTheSeparateAsset()
    {
        var asset = SignedSamples.NewPath("sidecar.jpg");
        var source = Path.Combine(SharedFolder.Data, "ai", "image", "dalle_dalle8_orig.jpeg");
        Oracle.Instance.Sign(source, asset, "--sidecar");
        var sidecar = Path.ChangeExtension(asset, ".c2pa");
        Assert.AreEqual("Valid", (string?)SignedSamples.Verify(asset, "--external-manifest", sidecar)["external_manifest"]!["validation_state_with_asset"]);
        var (manifest, assertion) = SignedSamples.Assertion(File.ReadAllBytes(sidecar), DataHashValidator.Label);
        var url = SignedSamples.AssertionUrl(manifest, DataHashValidator.Label);

        var good = new StatusLog();
        using (var stream = File.OpenRead(asset))
        {
            DataHashValidator.Validate(assertion, url, "sha256", stream, new JpegHandler().Locate(stream), good);
        }

        var bytes = File.ReadAllBytes(asset);
        bytes[^10] ^= 1;
        var bad = new StatusLog();
        DataHashValidator.Validate(assertion, url, "sha256", new MemoryStream(bytes), Locate(bytes), bad);

        Assert.AreEqual(ValidationCodes.AssertionDataHashMatch, good.Entries.Single().Code);
        Assert.AreEqual(ValidationCodes.AssertionDataHashMismatch, bad.Entries.Single().Code);
    }

    /// <summary>Locates the store with our handler and validates its own c2pa.hash.data against the file.</summary>
    private static StatusLog ValidateEmbedded(string file)
    {
        using var stream = File.OpenRead(file);
        var handler = AssetHandlers.Detect(stream)!;
        var located = handler.Locate(stream);
        var (manifest, assertion) = SignedSamples.Assertion(located.Store!.Value, DataHashValidator.Label);
        var log = new StatusLog();
        DataHashValidator.Validate(assertion, SignedSamples.AssertionUrl(manifest, DataHashValidator.Label), "sha256", stream, located, log);
        return log;
    }

    private static LocatedManifest Locate(byte[] bytes)
    {
        var stream = new MemoryStream(bytes);
        return AssetHandlers.Detect(stream)!.Locate(stream);
    }

    private static byte[] Splice(byte[] bytes, long at, byte[] insert) => [.. bytes[..(int)at], .. insert, .. bytes[(int)at..]];

    /// <summary>The file minus the ranges (given in file order, not overlapping): what a data hash covers.</summary>
    private static byte[] Without(byte[] bytes, params ByteRange[] ranges)
    {
        var kept = new List<byte>();
        long cursor = 0;
        foreach (var r in ranges)
        {
            kept.AddRange(bytes[(int)cursor..(int)r.Start]);
            cursor = r.End;
        }

        kept.AddRange(bytes[(int)cursor..]);
        return [.. kept];
    }

    private static CborNode DataHash(byte[] hash, params ByteRange[] exclusions) => DataHash(hash, exclusions, null);

    private static CborNode DataHash(byte[] hash, ByteRange[] exclusions, string? alg)
    {
        var writer = new CborWriter();
        writer.WriteStartMap(alg is null ? 4 : 5);
        writer.WriteTextString("exclusions");
        writer.WriteStartArray(exclusions.Length);
        foreach (var e in exclusions)
        {
            writer.WriteStartMap(2);
            writer.WriteTextString("start");
            writer.WriteInt64(e.Start);
            writer.WriteTextString("length");
            writer.WriteInt64(e.Length);
            writer.WriteEndMap();
        }

        writer.WriteEndArray();
        writer.WriteTextString("name");
        writer.WriteTextString("jumbf manifest");
        if (alg is not null)
        {
            writer.WriteTextString("alg");
            writer.WriteTextString(alg);
        }

        writer.WriteTextString("hash");
        writer.WriteByteString(hash);
        writer.WriteTextString("pad");
        writer.WriteByteString(new byte[8]);
        writer.WriteEndMap();
        return CborNode.Decode(writer.Encode());
    }
}
