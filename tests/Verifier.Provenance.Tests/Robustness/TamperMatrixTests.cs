using Verifier.Provenance.Tests.Interop;
using Verifier.Provenance.Tests.Robustness.Tamper;
using Verifier.Provenance.Tests.Signing;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Robustness;

/// <summary>
/// The tamper matrix: for each format Verifier's Builder signs (JPEG, PNG, WebP, MP4, MOV, M4A, AVIF, HEIC), each byte
/// of the hard binding's hashed region of a signed file is complemented in turn and the copy validated from memory. Every byte of a tiny file (a few kB, about 6,800 flips in all); a seeded sample of 10,000
/// positions of a real 60 kB clip. A flip of a payload byte must give exactly the binding's mismatch code; a flip of a
/// framing byte (segment marker or length, chunk length or type, box size or type) may instead make the container
/// unreadable, which c2pa-rs also refuses (checked with the oracle on one such flip per format). No flip may pass.
/// </summary>
[TestClass]
public sealed class TamperMatrixTests
{
    private static readonly VerifyOptions Options = new() { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) };

    // What a broken container header gives: the handler cannot walk the file (or no longer recognises its format).
    private static readonly string[] Refusals = ["Unreadable InvalidAsset", "Unreadable UnsupportedType"];

    [TestMethod]
    [DataRow("jpg", ValidationCodes.AssertionDataHashMismatch)]
    [DataRow("png", ValidationCodes.AssertionDataHashMismatch)]
    [DataRow("webp", ValidationCodes.AssertionDataHashMismatch)]
    [DataRow("mp4", ValidationCodes.AssertionBmffHashMismatch)]
    [DataRow("mov", ValidationCodes.AssertionBmffHashMismatch)]
    [DataRow("m4a", ValidationCodes.AssertionBmffHashMismatch)]
    [DataRow("avif", ValidationCodes.AssertionBmffHashMismatch)]
    [DataRow("heic", ValidationCodes.AssertionBmffHashMismatch)]
    public void EveryHashedByteOfATinyFileFlippedIsCaught(string ext, string code)
    {
        var signed = TinySigned.Get(ext);
        var bytes = File.ReadAllBytes(signed);
        var regions = HashedRegions.Of(ext, bytes);
        var offsets = regions.HashedOffsets().ToList();
        Assert.IsGreaterThan(150, offsets.Count, $"{ext}: the hashed region is too small to mean much");

        var outcomes = Check(signed, bytes, regions, offsets, code);

        // The first refused framing flip, judged by c2pa-rs too: it must refuse the copy or fail its binding. (For a top-level
        // mdat whose size is made to run past the end of an MP4, c2pa-rs 0.91.3 reports the BMFF hash mismatch where
        // Verifier refuses the box layout; in the MOV the same flip is refused by both.)
        var refused = outcomes.Where(o => Refusals.Contains(o.Key)).SelectMany(o => o.Value).Order().First();
        var copy = (byte[])bytes.Clone();
        copy[refused] ^= 0xFF;
        var file = Path.Combine(Oracle.TempDir(), "framing." + ext);
        File.WriteAllBytes(file, copy);
        var oracle = Oracle.Instance.Verify(file, "--trust", Oracle.Instance.RootPem);
        if (oracle["error"]?.GetValue<string>() is null)
        {
            Assert.AreEqual("Invalid", oracle["validation_state"]?.GetValue<string>(), oracle.ToJsonString());
            CollectionAssert.Contains(Agreement.Codes(oracle["status"]?["failure"]).ToList(), code, oracle.ToJsonString());
        }
    }

    /// <summary>A seeded sample of 10,000 hashed positions of a real clip (fomm_demo_10.mp4, 59 kB) signed by Verifier.</summary>
    [TestMethod]
    public void ASampleOfHashedBytesOfARealClipFlippedIsCaught()
    {
        var signed = Path.Combine(Oracle.TempDir(), "signed.mp4");
        SignedBy.Sign(SignedBy.Mp4, signed);
        var bytes = File.ReadAllBytes(signed);
        var regions = HashedRegions.Of("mp4", bytes);
        var hashed = regions.HashedOffsets().ToArray();
        new Random(8).Shuffle(hashed);

        Check(signed, bytes, regions, hashed[..10_000], ValidationCodes.AssertionBmffHashMismatch);
    }

    private static IReadOnlyDictionary<string, List<int>> Check(string signed, byte[] bytes, HashedRegions regions, IReadOnlyList<int> offsets, string code)
    {
        Assert.AreEqual(ValidationState.Trusted, Reader.Validate(signed, Options).State, "the untouched file must be Trusted");
        var outcomes = FlipOutcomes.Run(bytes, offsets, Options, signed);
        var summary = string.Join("; ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value.Count} ({o.Value.Count(regions.IsFraming)} framing)"));
        Console.WriteLine($"{Path.GetFileName(signed)}: {bytes.Length} bytes, {offsets.Count} flipped: {summary}");

        var detected = FlipOutcomes.Detected(code);
        foreach (var (outcome, at) in outcomes)
        {
            if (outcome == detected)
            {
                continue;
            }

            Assert.Contains(outcome, Refusals, $"flipping byte {at[0]} of {signed} gave {outcome} ({at.Count} such flips, at {string.Join(' ', at.Take(20))})");
            var payload = at.Where(a => !regions.IsFraming(a)).ToList();
            Assert.IsEmpty(payload, $"payload (non-framing) bytes gave {outcome} instead of {detected}: {string.Join(' ', payload.Take(20))}");
        }

        Assert.IsGreaterThanOrEqualTo(offsets.Count(o => !regions.IsFraming(o)), outcomes.GetValueOrDefault(detected)?.Count ?? 0, summary);
        return outcomes;
    }
}
