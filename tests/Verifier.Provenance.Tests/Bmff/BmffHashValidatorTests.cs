using System.Formats.Cbor;
using Verifier.Provenance.Bindings;
using Verifier.Provenance.Cbor;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Bmff;

[TestClass]
public sealed class BmffHashValidatorTests
{
    private const string Match = ValidationCodes.AssertionBmffHashMatch;
    private const string Mismatch = ValidationCodes.AssertionBmffHashMismatch;
    private const string Additional = ValidationCodes.AssertionBmffHashAdditionalExclusions;

    public static IEnumerable<object[]> Formats =>
    [
        ["mp4", BmffSamples.Source],
        ["mov", BmffSamples.Rebranded("qt  ", ".mov")],
        ["m4a", BmffSamples.Rebranded("M4A ", ".m4a")],
        ["avif", SharedFolder.Fixture("sample1.avif")],
    ];

    [TestMethod]
    [DynamicData(nameof(Formats))]
    public void OracleSignedFileMatchesAsC2paRsReportsIt(string extension, string input)
    {
        var signed = BmffSamples.Signed(input, "signed." + extension);
        var oracle = BmffSamples.OracleCodes(signed);
        CollectionAssert.Contains(oracle.Success.ToList(), Match);

        var log = Validate(signed);

        CollectionAssert.AreEqual(Codes(oracle, "assertion.bmffHash."), log.Entries.Select(e => e.Code).ToList());
        var match = log.Entries.Single(e => e.Code == Match);
        Assert.AreEqual("BMFF hash valid", match.Explanation);
        Assert.AreEqual(BmffSamples.HardBinding(signed).Url, match.Url);
    }

    [TestMethod]
    [DataRow("mp4")]
    [DataRow("mov")]
    public void TamperedMediaDataMismatchesAsC2paRsReportsIt(string extension)
    {
        var input = extension == "mp4" ? BmffSamples.Source : BmffSamples.Rebranded("qt  ", ".mov");
        var signed = BmffSamples.Signed(input, "tamper-src." + extension);
        var tampered = BmffSamples.Tampered(signed, "tampered." + extension);
        var oracle = BmffSamples.OracleCodes(tampered);
        CollectionAssert.Contains(oracle.Failure.ToList(), Mismatch);

        var log = Validate(tampered);

        CollectionAssert.AreEquivalent(Codes(oracle, "assertion.bmffHash."), log.Entries.Select(e => e.Code).ToList());
        Assert.AreEqual(BmffSamples.OracleFailureExplanations(tampered, Mismatch).Single(),
            log.Entries.Single(e => e.Code == Mismatch).Explanation);
    }

    [TestMethod]
    public void LegacyV1BmffHashMatches()
    {
        // EXPECTED.tsv: legacy.mp4 is Valid with only signingCredential.untrusted; verify.mjs adds the informational code.
        var legacy = SharedFolder.Fixture("legacy.mp4");
        var oracle = BmffSamples.OracleCodes(legacy);

        var log = Validate(legacy);

        Assert.AreEqual("c2pa.hash.bmff", BmffSamples.HardBinding(legacy).Label);
        CollectionAssert.AreEquivalent(Codes(oracle, "assertion.bmffHash."), log.Entries.Select(e => e.Code).ToList());
        Assert.IsTrue(log.Has(Match));
    }

    [TestMethod]
    public void TheThreeStandardExclusionsAloneAreNotAdditional()
    {
        // Measured with the oracle (c2pa-rs with bmff_hash_exclude_free_and_skip_boxes off): /uuid (C2PA), /ftyp and
        // /mfra give no additionalExclusionsPresent; adding /free and /skip (c2pa-rs's default) gives it.
        var signed = BmffSamples.Signed(BmffSamples.Source, "standard.mp4");
        var (label, url, cbor) = BmffSamples.HardBinding(signed);
        var standard = Rewrite(cbor, keepExclusions: 3);

        var log = new StatusLog();
        using (var s = File.OpenRead(signed))
        {
            BmffHashValidator.Validate(standard, label, url, "sha256", s, [], log);
        }

        Assert.IsFalse(log.Has(Additional));
        Assert.IsTrue(log.Has(Mismatch)); // this file has a free box, now hashed
    }

    [TestMethod]
    public void MissingExclusionsAreMalformed()
    {
        var w = new CborWriter();
        w.WriteStartMap(2);
        w.WriteTextString("alg");
        w.WriteTextString("sha256");
        w.WriteTextString("hash");
        w.WriteByteString(new byte[32]);
        w.WriteEndMap();
        var log = new StatusLog();
        using var s = File.OpenRead(BmffSamples.Source);

        BmffHashValidator.Validate(CborNode.Decode(w.Encode()), "c2pa.hash.bmff.v3", "u", "sha256", s, [], log);

        Assert.AreEqual(ValidationCodes.AssertionBmffHashMalformed, log.Entries.Single().Code);
    }

    [TestMethod]
    public void ComputeFlatHashEqualsTheSignedHash()
    {
        var signed = BmffSamples.Signed(BmffSamples.Source, "flat.mp4");
        var (label, _, cbor) = BmffSamples.HardBinding(signed);
        using var s = File.OpenRead(signed);

        CollectionAssert.AreEqual(cbor["hash"]!.Bytes!.Value.ToArray(), BmffHashValidator.ComputeFlatHash(s, cbor, label));
    }

    [TestMethod]
    public void ChunkOffsetsIntoAnExcludedBoxAreRefused()
    {
        // c2pa-rs PR #2488 (after 0.91.3): stco entries must not point into excluded, unhashed boxes such as /free.
        var intoMdat = ChunkOffsetSample(pointIntoFree: false);
        var assertion = FlatAssertion(BmffHashValidator.ComputeFlatHash(new MemoryStream(intoMdat), FlatAssertion(null), "c2pa.hash.bmff.v3"));
        var good = new StatusLog();
        BmffHashValidator.Validate(assertion, "c2pa.hash.bmff.v3", "u", "sha256", new MemoryStream(intoMdat), [], good);
        Assert.IsTrue(good.Has(Match));

        var bad = new StatusLog();
        BmffHashValidator.Validate(assertion, "c2pa.hash.bmff.v3", "u", "sha256", new MemoryStream(ChunkOffsetSample(pointIntoFree: true)), [], bad);
        StringAssert.Contains(bad.Entries.Single(e => e.Code == Mismatch).Explanation, "chunk offset");
    }

    [TestMethod]
    public void HostileExclusionsMismatchInsteadOfThrowing()
    {
        var file = ChunkOffsetSample(pointIntoFree: false);
        foreach (var (offset, length, useSubset) in new[] { (1_000_000L, 4L, false), (5000L, 0L, true) })
        {
            var w = new CborWriter();
            w.WriteStartMap(2);
            w.WriteTextString("exclusions");
            w.WriteStartArray(1);
            w.WriteStartMap(2);
            w.WriteTextString("xpath");
            w.WriteTextString("/mdat");
            w.WriteTextString(useSubset ? "subset" : "data");
            w.WriteStartArray(1);
            w.WriteStartMap(2);
            w.WriteTextString("offset");
            w.WriteInt64(offset);
            w.WriteTextString(useSubset ? "length" : "value");
            if (useSubset)
            {
                w.WriteInt64(length);
            }
            else
            {
                w.WriteByteString(new byte[length]);
            }

            w.WriteEndMap();
            w.WriteEndArray();
            w.WriteEndMap();
            w.WriteEndArray();
            w.WriteTextString("hash");
            w.WriteByteString(new byte[32]);
            w.WriteEndMap();
            var log = new StatusLog();

            BmffHashValidator.Validate(CborNode.Decode(w.Encode()), "c2pa.hash.bmff.v3", "u", "sha256", new MemoryStream(file), [], log);

            Assert.AreEqual(Mismatch, log.Entries.Last().Code);
        }
    }

    private static byte[] ChunkOffsetSample(bool pointIntoFree)
    {
        var ftyp = BmffHandlerTests.Ftyp("isom", "mp41");
        var free = BmffHandlerTests.Box("free", new byte[16]);
        var mdat = BmffHandlerTests.Box("mdat", new byte[100]);
        uint target = (uint)(ftyp.Length + (pointIntoFree ? 8 : free.Length + 8));
        byte[] stcoPayload = [0, 0, 0, 0, 0, 0, 0, 1, (byte)(target >> 24), (byte)(target >> 16), (byte)(target >> 8), (byte)target];
        var moov = BmffHandlerTests.Box("moov", BmffHandlerTests.Box("trak", BmffHandlerTests.Box("mdia",
            BmffHandlerTests.Box("minf", BmffHandlerTests.Box("stbl", BmffHandlerTests.Box("stco", stcoPayload))))));
        return [.. ftyp, .. free, .. mdat, .. moov];
    }

    private static CborNode FlatAssertion(byte[]? hash)
    {
        var w = new CborWriter();
        w.WriteStartMap(hash is null ? 1 : 2);
        w.WriteTextString("exclusions");
        w.WriteStartArray(2);
        foreach (var x in new[] { "/ftyp", "/free" })
        {
            w.WriteStartMap(1);
            w.WriteTextString("xpath");
            w.WriteTextString(x);
            w.WriteEndMap();
        }

        w.WriteEndArray();
        if (hash is not null)
        {
            w.WriteTextString("hash");
            w.WriteByteString(hash);
        }

        w.WriteEndMap();
        return CborNode.Decode(w.Encode());
    }

    private static StatusLog Validate(string file, IReadOnlyList<string>? fragments = null)
    {
        var (label, url, cbor) = BmffSamples.HardBinding(file);
        var log = new StatusLog();
        using var s = File.OpenRead(file);
        BmffHashValidator.Validate(cbor, label, url, "sha256", s, fragments ?? [], log);
        return log;
    }

    private static List<string> Codes((IReadOnlyList<string> S, IReadOnlyList<string> I, IReadOnlyList<string> F) oracle, string prefix) =>
        [.. oracle.I.Concat(oracle.S).Concat(oracle.F).Where(c => c.StartsWith(prefix, StringComparison.Ordinal))];

    /// <summary>The same assertion with only its first <paramref name="keepExclusions"/> exclusions.</summary>
    private static CborNode Rewrite(CborNode assertion, int keepExclusions)
    {
        var w = new CborWriter();
        w.WriteStartMap(assertion.MapEntries.Count);
        foreach (var (k, v) in assertion.MapEntries)
        {
            w.WriteEncodedValue(k.Encoded.Span);
            if (k.Text == "exclusions")
            {
                w.WriteStartArray(keepExclusions);
                foreach (var e in v.Items.Take(keepExclusions))
                {
                    w.WriteEncodedValue(e.Encoded.Span);
                }

                w.WriteEndArray();
            }
            else
            {
                w.WriteEncodedValue(v.Encoded.Span);
            }
        }

        w.WriteEndMap();
        return CborNode.Decode(w.Encode());
    }
}
