using System.Collections.Concurrent;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Signing;
using Verifier.Provenance.Tests.Keys;
using Verifier.Provenance.Tests.Robustness.Tamper;
using Verifier.Provenance.Tests.Interop;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Signing;

/// <summary>
/// Files Verifier signs must validate as Trusted in c2pa-rs (the oracle) and in Verifier, with the same codes; tampered
/// copies must fail the same way in both.
/// </summary>
[TestClass]
public sealed class BuilderInteropTests
{
    // One c2pa-rs-signed parent per format, shared by every algorithm and TSA case (each oracle run is a node process).
    private static readonly ConcurrentDictionary<string, Lazy<string>> Parents = new();
    private static TimeStampedTrust? _trust;

    private static TimeStampedTrust Trust => _trust ?? throw new InvalidOperationException("the class fixture did not start");

    [ClassInitialize]
    public static void StartTimeStampAuthority(TestContext context) =>
        _trust = TimeStampedTrust.Start(DevelopmentPkis.For(CoseAlgorithm.Es256));

    [ClassCleanup]
    public static void StopTimeStampAuthority() => _trust?.Dispose();

    /// <summary>Format (JPEG, PNG, WebP, MP4, AVIF) x algorithm (7) x {no TSA, TSA}.</summary>
    public static IEnumerable<object[]> FormatAlgCases()
    {
        foreach (var ext in new[] { "jpg", "png", "webp", "mp4", "avif" })
        {
            foreach (var alg in new[] { "es256", "es384", "es512", "ps256", "ps384", "ps512", "ed25519" })
            {
                yield return [ext, alg, false];
                yield return [ext, alg, true];
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(FormatAlgCases))]
    public void SignedFileIsTrustedInBoth(string ext, string alg, bool stamped)
    {
        var signed = Path.Combine(Oracle.TempDir(), "signed." + ext);
        SignedBy.Sign(SignedBy.Input(ext), signed, alg, timeStamper: stamped ? Trust.Stamper : null);
        AssertTrustedInBoth(signed, stamped);

        // The COSE in the file is exactly the size reserved for it before the asset was hashed.
        using var stream = File.OpenRead(signed);
        var store = Provenance.Store.ManifestStore.Parse(Provenance.Formats.AssetHandlers.Detect(stream)!.Locate(stream).Store!.Value);
        var cose = store.Active!.Box.Child("c2pa.signature")!.Content!.Payload;
        Assert.AreEqual(CoseSign1Writer.ReserveSize(SignedBy.Signer(alg), timeStamped: stamped), cose.Length);
    }

    /// <summary>A file c2pa-rs signed, opened as parent and signed again by Verifier: the new store carries the parent's.</summary>
    [TestMethod]
    [DynamicData(nameof(FormatAlgCases))]
    public void SignedWithParentIsTrustedInBoth(string ext, string alg, bool stamped)
    {
        var parent = Parents.GetOrAdd(ext, e => new Lazy<string>(() => SignedByOracle(e))).Value;
        var child = Path.Combine(Oracle.TempDir(), "child." + ext);
        SignedBy.Sign(parent, child, alg, parent, timeStamper: stamped ? Trust.Stamper : null);
        var verified = AssertTrustedInBoth(child, stamped);
        Assert.AreEqual(2, verified.Manifests.Count, Agreement.Describe(verified));
    }

    private static string SignedByOracle(string ext)
    {
        var parent = Path.Combine(Oracle.TempDir(), "parent." + ext);
        Oracle.Instance.Sign(SignedBy.Input(ext), parent);
        return parent;
    }

    public static IEnumerable<object[]> TamperCases()
    {
        foreach (var ext in new[] { "jpg", "png", "webp", "mp4", "avif" })
        {
            // tamper.mjs edits image data of JPEG, PNG and BMFF only (WebP's: WebpAndHeifSigningTests).
            foreach (var mode in ext == "webp" ? ["signature", "assertion", "claim"] : new[] { "data", "signature", "assertion", "claim" })
            {
                yield return [ext, mode];
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(TamperCases))]
    public void TamperedFileFailsAlikeInBoth(string ext, string mode)
    {
        var dir = Oracle.TempDir();
        var signed = Path.Combine(dir, "signed." + ext);
        var tampered = Path.Combine(dir, "tampered." + ext);
        SignTamperingOutsideTheStore(ext, signed, tampered, mode);
        var expected = Oracle.Instance.Verify(tampered, "--trust", Oracle.Instance.RootPem);
        var actual = Reader.Validate(tampered, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });
        Agreement.AssertSame(tampered, expected, actual);
        Assert.AreNotEqual(ValidationState.Trusted, actual.State, Agreement.Describe(actual));
    }

    /// <summary>
    /// Signs and tampers. tamper.mjs finds a JPEG's scan by the first FF DA in the file, which the fresh signature and
    /// keys of a signing hold now and then inside the manifest store; its "data" flip then lands in the store, which is
    /// not the case under test, so such a signing is redone.
    /// </summary>
    private static void SignTamperingOutsideTheStore(string ext, string signed, string tampered, string mode)
    {
        for (var attempt = 1; ; attempt++)
        {
            SignedBy.Sign(SignedBy.Input(ext), signed);
            Oracle.Instance.Tamper(signed, tampered, mode);
            if (mode != "data")
            {
                return;
            }

            var before = File.ReadAllBytes(signed);
            var flipped = before.AsSpan().CommonPrefixLength(File.ReadAllBytes(tampered));
            var store = HashedRegions.Of(ext, before).Store;
            if (flipped < store.Start || flipped >= store.End)
            {
                return;
            }

            Assert.IsLessThan(5, attempt, $"{signed}: tamper.mjs flipped byte {flipped}, inside the manifest store ({store.Start}-{store.End}), five signings running");
        }
    }

    /// <summary>
    /// Trusted in both with the same codes; a stamped file's time stamp is validated and trusted in both (its TSA's
    /// root is among the anchors), an unstamped file has no time-stamp status in either.
    /// </summary>
    private static ValidationResult AssertTrustedInBoth(string file, bool stamped)
    {
        var expected = Oracle.Instance.Verify(file, "--trust", Trust.AnchorsPem);
        var actual = Reader.Validate(file, new VerifyOptions { Trust = Trust.Anchors });
        Agreement.AssertSame(file, expected, actual);
        Assert.AreEqual("Trusted", expected["validation_state"]?.GetValue<string>(), expected.ToJsonString());
        TimeStampCodes.AssertAlike(expected, actual, stamped);
        return actual;
    }
}
