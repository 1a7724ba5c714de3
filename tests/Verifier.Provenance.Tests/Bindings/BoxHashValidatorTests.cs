using System.Formats.Cbor;
using System.Security.Cryptography;
using Verifier.Provenance.Bindings;
using Verifier.Provenance.Cbor;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Tests.Formats;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Bindings;

/// <summary>
/// c2pa-rs 0.91's signing path cannot be made to write <c>c2pa.hash.boxes</c> (prefer_box_hash is ignored by the
/// oracle's Builder, and boxhash.jpg actually carries a c2pa.hash.data), so these assertions are built here the way
/// c2pa-rs's minimal form builds them: the boxes before the store, the store ("C2PA"), the boxes after it, each entry
/// hashing the bytes from its first box's start to its last box's end. Box names and ranges come from the fixture's
/// segment layout, walked independently.
/// </summary>
[TestClass]
public sealed class BoxHashValidatorTests
{
    private const string Url = "self#jumbf=/c2pa/urn:c2pa:test/c2pa.assertions/c2pa.hash.boxes";
    private static readonly string[] Before = ["SOI", "APP0"];
    private static readonly string[] After = ["APP1", "APP13", "SOF0", "DQT", "DQT", "DHT", "DHT", "DHT", "DHT", "SOS", "EOI"];

    // boxhash.jpg: SOI+APP0 = [0, 20), the two C2PA APP11 segments = [20, 122174), the rest = [122174, end).
    private const int StoreStart = 20;
    private const int StoreEnd = 122174;

    [TestMethod]
    public void MatchesAMinimalFormBoxHashOfBoxhashJpg()
    {
        var bytes = File.ReadAllBytes(SharedFolder.Fixture("boxhash.jpg"));

        var log = Validate(BoxHash(bytes, Before, After), bytes, new JpegHandler());

        Assert.AreEqual(ValidationCodes.AssertionBoxesHashMatch, log.Entries.Single().Code);
    }

    [TestMethod]
    public void ATamperedCopyMismatches()
    {
        var bytes = File.ReadAllBytes(SharedFolder.Fixture("boxhash.jpg"));
        var assertion = BoxHash(bytes, Before, After);
        bytes[150_000] ^= 0x01; // entropy-coded image data, inside the SOS box

        var log = Validate(assertion, bytes, new JpegHandler());

        var entry = log.Entries.Single();
        Assert.AreEqual(ValidationCodes.AssertionBoxesHashMismatch, entry.Code);
        StringAssert.Contains(entry.Explanation, "Hashes do not match");
    }

    [TestMethod]
    public void ABoxTheAssetDoesNotHaveIsAnUnknownBox()
    {
        var bytes = File.ReadAllBytes(SharedFolder.Fixture("boxhash.jpg"));

        var log = Validate(BoxHash(bytes, ["SOI", "APP1"], After), bytes, new JpegHandler());

        Assert.AreEqual(ValidationCodes.AssertionBoxesHashUnknownBox, log.Entries.Single().Code);
    }

    [TestMethod]
    public void AnAssertionWithoutBoxesIsMalformed()
    {
        var writer = new CborWriter();
        writer.WriteStartMap(0);
        writer.WriteEndMap();

        var log = Validate(CborNode.Decode(writer.Encode()), [0xFF, 0xD8, 0xFF, 0xD9], new JpegHandler());

        Assert.AreEqual(ValidationCodes.AssertionBoxesHashMalformed, log.Entries.Single().Code);
    }

    [TestMethod]
    public void APngBoxHashMayLeaveOutTheSignature()
    {
        var file = SignedSamples.Path("png");
        var bytes = File.ReadAllBytes(file);
        var map = new PngHandler().GetBoxMap(new MemoryStream(bytes));
        int store = map.ToList().FindIndex(b => b.Name == IBoxMapProvider.C2paBoxName);
        var report = SignedSamples.OracleStore(file).Report; // jumbf.mjs's independent chunk walk
        long caBx = (long)report["caBX_offset"]!;
        long caBxEnd = caBx + (long)report["chunk_len"]!;
        var entries = new List<(string[] Names, byte[] Hash)>
        {
            (map.Skip(1).Take(store - 1).Select(b => b.Name).ToArray(), SHA256.HashData(bytes.AsSpan(8, (int)caBx - 8))),
            ([IBoxMapProvider.C2paBoxName], [0]),
            (map.Skip(store + 1).Select(b => b.Name).ToArray(), SHA256.HashData(bytes.AsSpan((int)caBxEnd))),
        };

        var log = Validate(Encode(entries), bytes, new PngHandler());

        Assert.AreEqual(ValidationCodes.AssertionBoxesHashMatch, log.Entries.Single().Code);
    }

    private static StatusLog Validate(CborNode assertion, byte[] bytes, IBoxMapProvider provider)
    {
        var log = new StatusLog();
        BoxHashValidator.Validate(assertion, Url, "sha256", new MemoryStream(bytes), provider, log);
        return log;
    }

    private static CborNode BoxHash(byte[] bytes, string[] before, string[] after) => Encode(
    [
        (before, SHA256.HashData(bytes.AsSpan(0, StoreStart))),
        ([IBoxMapProvider.C2paBoxName], [0]),
        (after, SHA256.HashData(bytes.AsSpan(StoreEnd))),
    ]);

    private static CborNode Encode(List<(string[] Names, byte[] Hash)> entries)
    {
        var writer = new CborWriter();
        writer.WriteStartMap(1);
        writer.WriteTextString("boxes");
        writer.WriteStartArray(entries.Count);
        foreach (var (names, hash) in entries)
        {
            writer.WriteStartMap(4);
            writer.WriteTextString("names");
            writer.WriteStartArray(names.Length);
            foreach (var n in names)
            {
                writer.WriteTextString(n);
            }

            writer.WriteEndArray();
            writer.WriteTextString("alg");
            writer.WriteTextString("sha256");
            writer.WriteTextString("hash");
            writer.WriteByteString(hash);
            writer.WriteTextString("pad");
            writer.WriteByteString([]);
            writer.WriteEndMap();
        }

        writer.WriteEndArray();
        writer.WriteEndMap();
        return CborNode.Decode(writer.Encode());
    }
}
