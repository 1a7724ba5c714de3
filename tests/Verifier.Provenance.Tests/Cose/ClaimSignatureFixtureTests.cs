using Verifier.Provenance.Certificates;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Cose;

/// <summary>c2pa-rs's own test files (legacy v1 claims, stapled OCSP, v1 time stamps, no algorithm) against c2pa-rs.</summary>
[TestClass]
public sealed class ClaimSignatureFixtureTests
{
    [TestMethod]
    [DataRow("ocsp.jpg", false)]
    [DataRow("ocsp.jpg", true)]
    [DataRow("CA_ct.jpg", false)]
    [DataRow("CA_ct.jpg", true)]
    [DataRow("boxhash.jpg", false)]
    [DataRow("boxhash.jpg", true)]
    [DataRow("legacy.mp4", true)]
    [DataRow("identity/validation_method/extra_field.jpg", true)]
    public void FixtureSignatureCodesMatchC2paRs(string fixture, bool anchors)
    {
        var file = SharedFolder.Fixture(fixture);
        var roots = SharedFolder.Fixture("test-roots.pem");
        var verify = anchors ? Oracle.Instance.Verify(file, "--trust", roots) : Oracle.Instance.Verify(file);
        var (log, signer) = SignedClaim.FromFile(file).Validate(anchors ? SignedClaim.Trust(roots) : TrustSettings.None);

        SignedClaim.AssertSameCodes(verify, log, fixture);
        Assert.AreEqual(verify["signer"]!["alg"]!.GetValue<string>(), signer?.Alg);
        Assert.AreEqual(verify["signer"]!["issuer"]?.GetValue<string>(), signer?.Issuer);
    }

    [TestMethod]
    public void StapledOcspThatCannotBeAuthenticatedGivesNoOcspStatusAndNoSkip()
    {
        var (log, _) = SignedClaim.FromFile(SharedFolder.Fixture("ocsp.jpg")).Validate(TrustSettings.None);
        Assert.IsFalse(log.Entries.Any(e => e.Code.StartsWith("signingCredential.ocsp.", StringComparison.Ordinal)));
        Assert.IsTrue(log.Has(ValidationCodes.ClaimSignatureValidated));
    }

    /// <summary>
    /// no_alg.jpg's signature does name ES256: c2pa-rs's <c>UnknownAlgorithm</c> for that file comes from the claim
    /// (no hash <c>alg</c>), before the signature is looked at. The signature itself is an old DER-encoded ECDSA one.
    /// </summary>
    [TestMethod]
    public void NoAlgFixtureSignatureNamesEs256WithADerSignature()
    {
        var (log, signer) = SignedClaim.FromFile(SharedFolder.Fixture("no_alg.jpg")).Validate(TrustSettings.None);
        Assert.AreEqual("Es256", signer?.Alg);
        Assert.IsTrue(log.Has(ValidationCodes.SigningCredentialInvalid));
        Assert.IsTrue(log.Has(ValidationCodes.ClaimSignatureMismatch));
    }
}
