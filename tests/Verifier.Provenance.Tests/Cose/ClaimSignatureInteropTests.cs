using System.Text.Json.Nodes;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Cose;

/// <summary>
/// Files signed by c2pa-rs (the oracle's sign.mjs), validated by both c2pa-rs (verify.mjs) and ClaimSignatureValidator:
/// the claimSignature / signingCredential / timeStamp codes must be the same, kind by kind and in order.
/// </summary>
[TestClass]
public sealed class ClaimSignatureInteropTests
{
    private static readonly Lazy<string> SmallJpeg = new(() => Directory
        .EnumerateFiles(SharedFolder.Data, "*.jpg", SearchOption.AllDirectories)
        .OrderBy(f => new FileInfo(f).Length).First());

    private static string Certs(string relative) => Path.Combine(Oracle.Instance.Certs, relative);

    private static string Sign(params string[] options)
    {
        var output = Path.Combine(Oracle.TempDir(), "signed.jpg");
        Oracle.Instance.Sign(SmallJpeg.Value, output, options);
        return output;
    }

    /// <summary>Validates <paramref name="file"/> both ways with the same anchors and compares the codes.</summary>
    private static (JsonNode Oracle, StatusLog Log, Verifier.Provenance.Cose.SignerInfo? Signer) Compare(string file, string? anchors)
    {
        var verify = anchors is null ? Oracle.Instance.Verify(file) : Oracle.Instance.Verify(file, "--trust", anchors);
        Assert.IsTrue(verify["ok"]!.GetValue<bool>(), $"c2pa-rs could not read {file}: {verify["error"]}");
        var claim = SignedClaim.FromFile(file);
        var (log, signer) = claim.Validate(anchors is null ? TrustSettings.None : SignedClaim.Trust(anchors));
        SignedClaim.AssertSameCodes(verify, log, Path.GetFileName(file));
        return (verify, log, signer);
    }

    [TestMethod]
    [DataRow("es256", false)]
    [DataRow("es384", false)]
    [DataRow("es512", false)]
    [DataRow("ps256", false)]
    [DataRow("ps384", false)]
    [DataRow("ps512", false)]
    [DataRow("ed25519", false)]
    [DataRow("es256", true)]
    [DataRow("es384", true)]
    [DataRow("es512", true)]
    [DataRow("ps256", true)]
    [DataRow("ps384", true)]
    [DataRow("ps512", true)]
    [DataRow("ed25519", true)]
    public void EveryAlgorithmIsTrustedAndReportsTheSignerLikeC2paRs(string alg, bool tsa)
    {
        var file = tsa ? Sign("--alg", alg, "--tsa") : Sign("--alg", alg);
        var (verify, log, signer) = Compare(file, Oracle.Instance.RootPem);

        Assert.AreEqual("Trusted", verify["validation_state"]!.GetValue<string>());
        Assert.IsTrue(log.Has(ValidationCodes.ClaimSignatureValidated));
        Assert.IsTrue(log.Has(ValidationCodes.SigningCredentialTrusted));
        Assert.AreEqual(tsa, log.Has(ValidationCodes.TimeStampTrusted));
        Assert.IsNotNull(signer);
        var expected = verify["signer"]!;
        Assert.AreEqual(expected["alg"]!.GetValue<string>(), signer.Alg);
        Assert.AreEqual(expected["common_name"]!.GetValue<string>(), signer.CommonName);
        Assert.AreEqual(expected["issuer"]!.GetValue<string>(), signer.Issuer);
        Assert.AreEqual(expected["cert_serial"]!.GetValue<string>(), signer.CertSerial);
        if (tsa)
        {
            Assert.AreEqual(DateTimeOffset.Parse(expected["time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), signer.Time);
        }
        else
        {
            Assert.IsNull(signer.Time);
        }
    }

    [TestMethod]
    [DataRow("es256")]
    [DataRow("es384")]
    public void DerEncodedEcdsaSignatureIsInvalidAndAMismatch(string alg)
    {
        var (_, log, _) = Compare(Sign("--alg", alg, "--der-signature"), Oracle.Instance.RootPem);
        Assert.IsTrue(log.Has(ValidationCodes.SigningCredentialInvalid));
        Assert.IsTrue(log.Has(ValidationCodes.ClaimSignatureMismatch));
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ExpiredSignerIsExpiredAndUntrustedWithOrWithoutTimeStamp(bool tsa)
    {
        var file = tsa ? Sign("--certs", Certs("expired"), "--tsa") : Sign("--certs", Certs("expired"));
        var (_, log, _) = Compare(file, Oracle.Instance.RootPem);
        Assert.IsTrue(log.Has(ValidationCodes.SigningCredentialExpired));
        Assert.IsTrue(log.Has(ValidationCodes.SigningCredentialUntrusted));
    }

    [TestMethod]
    public void UnrelatedAnchorLeavesTheSignerUntrusted()
    {
        var file = Sign("--tsa");
        var (verify, log, _) = Compare(file, Certs("other-root.pem"));
        Assert.AreEqual("Valid", verify["validation_state"]!.GetValue<string>());
        Assert.IsTrue(log.Has(ValidationCodes.SigningCredentialUntrusted));
        Assert.IsTrue(log.Has(ValidationCodes.TimeStampUntrusted));
    }

    [TestMethod]
    public void NoAnchorsMeansUntrusted() =>
        Assert.IsTrue(Compare(Sign(), anchors: null).Log.Has(ValidationCodes.SigningCredentialUntrusted));

    [TestMethod]
    public void CertificateKeyOfAnotherAlgorithmIsInvalidAndAMismatch()
    {
        var (_, log, _) = Compare(Sign("--certs", Certs("es384"), "--alg", "es256"), Oracle.Instance.RootPem);
        Assert.IsTrue(log.Has(ValidationCodes.SigningCredentialInvalid));
        Assert.IsTrue(log.Has(ValidationCodes.ClaimSignatureMismatch));
    }

    [TestMethod]
    [DataRow("signature")]
    [DataRow("claim")]
    public void TamperedSignatureOrClaimIsAMismatch(string mode)
    {
        var bad = Path.Combine(Oracle.TempDir(), "tampered.jpg");
        Oracle.Instance.Tamper(Sign(), bad, mode);
        var (_, log, _) = Compare(bad, Oracle.Instance.RootPem);
        Assert.IsTrue(log.Has(ValidationCodes.ClaimSignatureMismatch));
        Assert.IsFalse(log.Has(ValidationCodes.ClaimSignatureValidated));
    }

    /// <summary>
    /// c2pa-rs's trust policy accepts an allowed-list (pinned) end-entity certificate without a chain
    /// (CertificateTrustPolicy's end-entity set). The wasm build behind the oracle ignores <c>trust.allowed_list</c>
    /// (it reports untrusted), so this checks the pinning itself rather than comparing with the oracle.
    /// </summary>
    [TestMethod]
    public void AllowedListPinsTheSignerWithoutAnAnchor()
    {
        var claim = SignedClaim.FromFile(Sign());
        var pinned = new TrustSettings { Allowed = TrustSettingsLoader.ParsePem(File.ReadAllText(Certs("signer.pem"))) };
        Assert.IsTrue(claim.Validate(pinned).Log.Has(ValidationCodes.SigningCredentialTrusted));

        var otherPin = new TrustSettings { Allowed = TrustSettingsLoader.ParsePem(File.ReadAllText(Certs("es384/signer.pem"))) };
        Assert.IsTrue(claim.Validate(otherPin).Log.Has(ValidationCodes.SigningCredentialUntrusted));
    }
}
