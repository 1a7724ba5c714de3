using Verifier.Provenance.Cose;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Signing;
using Verifier.Provenance.Tests.Interop;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Signing;

/// <summary>
/// A signer whose certificate has since expired: a trusted time stamp from inside its validity keeps the signature
/// Trusted in c2pa-rs and in Verifier; without one, both judge it at the current time and report
/// signingCredential.expired.
/// </summary>
[TestClass]
public sealed class ExpiredSignerInteropTests
{
    // The PKI was made three years ago: its signer and TSA certificates (825 days) have expired, its CAs (10 years) have not.
    private static readonly DateTimeOffset Issued = DateTimeOffset.UtcNow.AddYears(-3);
    private static readonly DateTimeOffset SignedAt = Issued.AddDays(30); // when the signer and the TSA were still valid
    private static TimeStampedTrust? _trust;

    private static TimeStampedTrust Trust => _trust ?? throw new InvalidOperationException("the class fixture did not start");

    [ClassInitialize]
    public static void StartTimeStampAuthority(TestContext context) =>
        _trust = TimeStampedTrust.Start(DevelopmentPki.Create(CoseAlgorithm.Es256, Issued), SignedAt);

    [ClassCleanup]
    public static void StopTimeStampAuthority() => _trust?.Dispose();

    [TestMethod]
    [DataRow("jpg")]
    [DataRow("png")]
    [DataRow("mp4")]
    public void StampedWhileValidIsTrustedInBoth(string ext)
    {
        var (expected, actual) = SignAndVerify(ext, Trust.Stamper);
        Assert.AreEqual("Trusted", expected["validation_state"]?.GetValue<string>(), expected.ToJsonString());
        Assert.AreEqual(ValidationState.Trusted, actual.State, Agreement.Describe(actual));
        TimeStampCodes.AssertAlike(expected, actual, stamped: true);
    }

    [TestMethod]
    [DataRow("jpg")]
    [DataRow("png")]
    [DataRow("mp4")]
    public void UnstampedIsInvalidAsExpiredInBoth(string ext)
    {
        var (expected, actual) = SignAndVerify(ext, null);
        Assert.AreEqual("Invalid", expected["validation_state"]?.GetValue<string>(), expected.ToJsonString());
        CollectionAssert.Contains(Agreement.Codes(expected["status"]?["failure"]).ToList(), ValidationCodes.SigningCredentialExpired,
            expected.ToJsonString());
        CollectionAssert.Contains(actual.Codes(StatusKind.Failure).ToList(), ValidationCodes.SigningCredentialExpired, Agreement.Describe(actual));
    }

    private static (System.Text.Json.Nodes.JsonNode Expected, ValidationResult Actual) SignAndVerify(string ext, ITimeStamper? stamper)
    {
        var pki = Trust.Pki;
        Assert.IsTrue(pki.Signer.Certificate.NotAfter < DateTime.UtcNow, "the signer certificate has expired");

        // Made directly and signed as of the stamp's time: the key loader and the builder rightly refuse an expired
        // certificate today; this is the file it signed back when it was valid.
        var signer = new LocalClaimSigner(pki.Algorithm, pki.Signer.PrivateKey, pki.SignerChain, null);
        var signed = Path.Combine(Oracle.TempDir(), "expired." + ext);
        Builder.Sign(new SignRequest
        {
            InputPath = SignedBy.Input(ext),
            OutputPath = signed,
            Signer = signer,
            TimeStamper = stamper,
            DigitalSourceType = DigitalSourceTypes.Resolve("digitalCapture"),
        }, SignedAt);
        var expected = Oracle.Instance.Verify(signed, "--trust", Trust.AnchorsPem);
        var actual = Reader.Validate(signed, new VerifyOptions { Trust = Trust.Anchors });
        Agreement.AssertSame(signed, expected, actual);
        return (expected, actual);
    }
}
