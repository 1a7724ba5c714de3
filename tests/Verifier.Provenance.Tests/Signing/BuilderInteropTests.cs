using Verifier.Provenance.Signing;
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
    public static IEnumerable<object[]> FormatAlgCases()
    {
        foreach (var ext in new[] { "jpg", "png", "mp4" })
        {
            foreach (var alg in new[] { "es256", "es384", "es512", "ps256", "ps384", "ps512", "ed25519" })
            {
                yield return [ext, alg];
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(FormatAlgCases))]
    public void SignedFileIsTrustedInBoth(string ext, string alg)
    {
        var signed = Path.Combine(Oracle.TempDir(), "signed." + ext);
        SignedBy.Sign(SignedBy.Input(ext), signed, alg);
        AssertTrustedInBoth(signed);

        // The COSE in the file is exactly the size reserved for it before the asset was hashed.
        using var stream = File.OpenRead(signed);
        var store = Provenance.Store.ManifestStore.Parse(Provenance.Formats.AssetHandlers.Detect(stream)!.Locate(stream).Store!.Value);
        var cose = store.Active!.Box.Child("c2pa.signature")!.Content!.Payload;
        Assert.AreEqual(Provenance.Cose.CoseSign1Writer.ReserveSize(SignedBy.Signer(alg), timeStamped: false), cose.Length);
    }


    /// <summary>A file c2pa-rs signed, opened as parent and signed again by Verifier: the new store carries the parent's.</summary>
    [TestMethod]
    [DynamicData(nameof(FormatAlgCases))]
    public void SignedWithParentIsTrustedInBoth(string ext, string alg)
    {
        var dir = Oracle.TempDir();
        var parent = Path.Combine(dir, "parent." + ext);
        var child = Path.Combine(dir, "child." + ext);
        Oracle.Instance.Sign(SignedBy.Input(ext), parent);
        SignedBy.Sign(parent, child, alg, parent);
        var verified = AssertTrustedInBoth(child);
        Assert.AreEqual(2, verified.Manifests.Count, Agreement.Describe(verified));
    }

    /// <summary>The sigTst2 seam: a time stamp over the countersignature structure that c2pa-rs validates.</summary>
    [TestMethod]
    [DataRow("jpg")]
    [DataRow("mp4")]
    public void TimeStampedSignatureIsTrustedInBoth(string ext)
    {
        var signed = Path.Combine(Oracle.TempDir(), "stamped." + ext);
        Builder.Sign(new SignRequest
        {
            InputPath = SignedBy.Input(ext),
            OutputPath = signed,
            Signer = SignedBy.Signer("es256"),
            TimeStamper = new OpenSslTimeStamper(Oracle.Instance.Certs),
            DigitalSourceType = DigitalSourceTypes.Resolve("digitalCapture"),
        });
        var result = AssertTrustedInBoth(signed);
        CollectionAssert.Contains(result.Codes(StatusKind.Success).ToList(), "timeStamp.validated", Agreement.Describe(result));
    }

    public static IEnumerable<object[]> TamperCases()
    {
        foreach (var ext in new[] { "jpg", "png", "mp4" })
        {
            foreach (var mode in new[] { "data", "signature", "assertion", "claim" })
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
        SignedBy.Sign(SignedBy.Input(ext), signed);
        Oracle.Instance.Tamper(signed, tampered, mode);
        var expected = Oracle.Instance.Verify(tampered, "--trust", Oracle.Instance.RootPem);
        var actual = Reader.Validate(tampered, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });
        Agreement.AssertSame(tampered, expected, actual);
        Assert.AreNotEqual(ValidationState.Trusted, actual.State, Agreement.Describe(actual));
    }

    private static ValidationResult AssertTrustedInBoth(string file)
    {
        var expected = Oracle.Instance.Verify(file, "--trust", Oracle.Instance.RootPem);
        var actual = Reader.Validate(file, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });
        Agreement.AssertSame(file, expected, actual);
        Assert.AreEqual("Trusted", expected["validation_state"]?.GetValue<string>(), expected.ToJsonString());
        return actual;
    }
}
