using Verifier.Provenance.Tests.Interop;
using Verifier.Provenance.Tests.Robustness.Tamper;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Robustness;

/// <summary>
/// Bytes smuggled into or beside the range a hard binding excludes (the store's own framing), in files Verifier signed:
/// each edit is judged by c2pa-rs (the oracle) and Verifier must say the same, and neither may call it Trusted.
/// </summary>
[TestClass]
public sealed class ExclusionSmugglingTests
{
    /// <summary>
    /// The outcome c2pa-rs 0.91.3 gave for each edit (measured with the oracle, which the test also asks again), as
    /// <see cref="FlipOutcomes.Describe"/> writes it.
    /// </summary>
    [TestMethod]
    [DataRow("jpg", Smuggle.Beside, "Invalid [assertion.dataHash.mismatch]")]
    [DataRow("jpg", Smuggle.Inside, "Invalid [assertion.dataHash.mismatch]")]
    [DataRow("jpg", Smuggle.Second, "Invalid [assertion.dataHash.mismatch]")]
    [DataRow("png", Smuggle.Beside, "Invalid [assertion.dataHash.mismatch]")]
    [DataRow("png", Smuggle.Inside, "Invalid [assertion.dataHash.mismatch]")]
    [DataRow("png", Smuggle.Second, "Unreadable TooManyManifestStores")]
    [DataRow("mp4", Smuggle.Beside, "Invalid [assertion.bmffHash.mismatch]")]
    [DataRow("mp4", Smuggle.Inside, "Invalid [assertion.bmffHash.mismatch]")]
    [DataRow("mp4", Smuggle.Second, "Unreadable TooManyManifestStores")]
    [DataRow("webp", Smuggle.Beside, "Invalid [assertion.dataHash.mismatch]")]
    [DataRow("webp", Smuggle.Inside, "Invalid [assertion.dataHash.mismatch]")]
    [DataRow("webp", Smuggle.Second, "Invalid [assertion.dataHash.mismatch]")]
    [DataRow("avif", Smuggle.Beside, "Invalid [assertion.bmffHash.mismatch]")]
    [DataRow("avif", Smuggle.Inside, "Invalid [assertion.bmffHash.mismatch]")]
    [DataRow("avif", Smuggle.Second, "Unreadable TooManyManifestStores")]
    [DataRow("heic", Smuggle.Beside, "Invalid [assertion.bmffHash.mismatch]")]
    [DataRow("heic", Smuggle.Inside, "Invalid [assertion.bmffHash.mismatch]")]
    [DataRow("heic", Smuggle.Second, "Unreadable TooManyManifestStores")]
    public void SmuggledBytesAreCaughtAsC2paRsCatchesThem(string ext, string how, string expected)
    {
        var file = Path.Combine(Oracle.TempDir(), $"{how}.{ext}");
        File.WriteAllBytes(file, Smuggle.Apply(ext, how, File.ReadAllBytes(TinySigned.Get(ext))));

        var oracle = Oracle.Instance.Verify(file, "--trust", Oracle.Instance.RootPem);
        var actual = Reader.Validate(file, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });

        Agreement.AssertSame(file, oracle, actual);
        Assert.AreEqual(expected, FlipOutcomes.Describe(actual), Agreement.Describe(actual));
    }
}
