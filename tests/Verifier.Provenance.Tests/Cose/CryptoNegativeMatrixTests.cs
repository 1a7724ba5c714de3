using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Signing;
using Verifier.Provenance.Tests.Interop;
using Verifier.Provenance.Tests.Signing;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;
using KeyUsageBits = Org.BouncyCastle.Asn1.X509.KeyUsage;

namespace Verifier.Provenance.Tests.Cose;

/// <summary>
/// Crypto negatives end to end: for each way a claim signature or its certificates can be wrong, a JPEG (and one MP4)
/// signed by Verifier's Builder with that forged signature (<see cref="ForgedSignature"/>), validated by Verifier's
/// Reader and by c2pa-rs (the oracle) with the same trust anchor. Both must give the same state and the same failure
/// set, and that must be the expected one below (the matrix in README's interop notes).
/// </summary>
[TestClass]
public sealed class CryptoNegativeMatrixTests
{
    private static NegativePki Pki => NegativePki.Instance;

    private static readonly Dictionary<string, Func<ForgedSignature>> Cases = new()
    {
        // Algorithm confusion: the protected header names one algorithm, the certificate's key is of another kind.
        ["es256-header-p384-key"] = () => Forge(-7, Pki.Signer(new() { Key = Pki.P384 }), Sign(CoseAlgorithm.Es256, Pki.P384)),
        ["es256-header-rsa-key"] = () => Forge(-7, Pki.Signer(new() { Key = Pki.Rsa2048 }), Sign(CoseAlgorithm.Ps256, Pki.Rsa2048)),
        ["ps256-header-pkcs1-signature"] = () => Forge(-37, Pki.Signer(new() { Key = Pki.Rsa2048 }), RsaPkcs1(Pki.Rsa2048)),
        ["no-alg-header"] = () => Forge(null, Chain(Pki.Signer()), Sign(CoseAlgorithm.Es256, Pki.P256)),
        ["es256k-header"] = () => Forge(-47, Chain(Pki.Signer()), Sign(CoseAlgorithm.Es256, Pki.P256)),
        ["rs256-header"] = () => Forge(-257, Pki.Signer(new() { Key = Pki.Rsa2048 }), RsaPkcs1(Pki.Rsa2048)),
        ["ed25519-header-ec-key"] = () => Forge(-8, Pki.Signer(), Sign(CoseAlgorithm.Es256, Pki.P256)),
        ["ed25519-key-es256-header"] = () => Forge(-7, Pki.Signer(new() { Key = Pki.Ed25519 }), Sign(CoseAlgorithm.Ed25519, Pki.Ed25519)),

        // Certificate profile.
        ["no-eku"] = () => Forge(Pki.Signer(new() { Ekus = null })),
        ["serverauth-eku-only"] = () => Forge(Pki.Signer(new() { Ekus = ["1.3.6.1.5.5.7.3.1"] })),
        ["any-eku"] = () => Forge(Pki.Signer(new() { Ekus = ["2.5.29.37.0"] })),
        ["key-usage-key-encipherment-only"] = () => Forge(Pki.Signer(new() { KeyUsage = KeyUsageBits.KeyEncipherment })),
        ["key-usage-non-repudiation-only"] = () => Forge(Pki.Signer(new() { KeyUsage = KeyUsageBits.NonRepudiation })),
        ["ca-certificate-as-signer"] = () => Forge(Pki.Signer(new() { IsCa = true, KeyUsage = KeyUsageBits.DigitalSignature | KeyUsageBits.KeyCertSign })),
        ["self-signed-end-entity"] = () => Forge(-7, [Pki.Signer(new() { SelfSigned = true }).Der], Sign(CoseAlgorithm.Es256, Pki.P256)),
        ["rsa-1024"] = () => Forge(-37, Pki.Signer(new() { Key = Pki.Rsa1024 }), Sign(CoseAlgorithm.Ps256, Pki.Rsa1024)),
        ["ec-p192"] = () => Forge(-7, Pki.Signer(new() { Key = Pki.P192 }), Sign(CoseAlgorithm.Es256, Pki.P192)),

        // Validity and time stamps.
        ["expired-no-time-stamp"] = () => Forge(Expired()),
        ["not-yet-valid"] = () => Forge(Pki.Signer(new() { NotBefore = DateTime.UtcNow.AddDays(10), NotAfter = DateTime.UtcNow.AddDays(400) })),
        ["expired-with-trusted-time-stamp"] = () => Forge(Expired()) with { TimeStamper = Stamper(Pki.Tsa, Pki.Intermediate, DateTimeOffset.UtcNow.AddDays(-200)) },
        ["time-stamp-from-untrusted-tsa"] = () => Forge(Pki.Signer()) with { TimeStamper = UntrustedTsa() },
        ["tsa-without-timestamping-eku"] = () => Forge(Pki.Signer()) with
        {
            TimeStamper = Stamper(TestPki.Issue(Pki.Intermediate, "TSA Without EKU", new() { Key = Pki.P256, Ekus = ["1.3.6.1.5.5.7.3.4"] }),
                Pki.Intermediate, DateTimeOffset.UtcNow),
        },

        // Chains.
        ["chain-loop"] = ChainLoop,
        ["chain-longer-than-limit"] = LongChain,
        ["intermediate-missing"] = () => Forge(-7, [Pki.Signer().Der], Sign(CoseAlgorithm.Es256, Pki.P256)),

        // Malformed signature material.
        ["x5chain-not-der"] = () => Forge(-7, [[0x30, 0x82, 0x01, 0x00, 0xde, 0xad, 0xbe, 0xef]], Sign(CoseAlgorithm.Es256, Pki.P256)),
        ["signature-one-byte-short"] = () => Forge(-7, Chain(Pki.Signer()), data => Sign(CoseAlgorithm.Es256, Pki.P256)(data)[..^1]),
        ["signature-one-byte-long"] = () => Forge(-7, Chain(Pki.Signer()), data => [.. Sign(CoseAlgorithm.Es256, Pki.P256)(data), 0]),
    };

    [TestMethod]
    [DataRow("es256-header-p384-key", "Invalid", "signingCredential.invalid,claimSignature.mismatch")]
    [DataRow("es256-header-rsa-key", "Invalid", "signingCredential.invalid,claimSignature.mismatch")]
    [DataRow("ps256-header-pkcs1-signature", "Invalid", "claimSignature.mismatch")]
    [DataRow("no-alg-header", "Invalid", "algorithm.unsupported,claimSignature.mismatch")]
    [DataRow("es256k-header", "Invalid", "algorithm.unsupported,claimSignature.mismatch")]
    [DataRow("rs256-header", "Invalid", "algorithm.unsupported,claimSignature.mismatch")]
    [DataRow("ed25519-header-ec-key", "Invalid", "signingCredential.invalid,claimSignature.mismatch")]
    [DataRow("ed25519-key-es256-header", "Invalid", "signingCredential.invalid,claimSignature.mismatch")]
    [DataRow("no-eku", "Invalid", "signingCredential.invalid,signingCredential.untrusted")]
    [DataRow("serverauth-eku-only", "Invalid", "signingCredential.invalid,signingCredential.untrusted")]
    [DataRow("any-eku", "Invalid", "signingCredential.invalid,signingCredential.untrusted")]
    [DataRow("key-usage-key-encipherment-only", "Invalid", "signingCredential.invalid")]
    [DataRow("ca-certificate-as-signer", "Invalid", "signingCredential.invalid")]
    [DataRow("self-signed-end-entity", "Valid", "signingCredential.untrusted")]
    [DataRow("rsa-1024", "Invalid", "signingCredential.invalid")]
    [DataRow("ec-p192", "Invalid", "signingCredential.invalid,claimSignature.mismatch")]
    [DataRow("expired-no-time-stamp", "Invalid", "signingCredential.expired,signingCredential.untrusted")]
    [DataRow("not-yet-valid", "Invalid", "signingCredential.expired,signingCredential.untrusted")]
    [DataRow("expired-with-trusted-time-stamp", "Trusted", "")] // judged at the stamp's time
    [DataRow("time-stamp-from-untrusted-tsa", "Trusted", "")] // timeStamp.untrusted is informational
    [DataRow("chain-loop", "Valid", "signingCredential.untrusted")]
    [DataRow("intermediate-missing", "Valid", "signingCredential.untrusted")]
    [DataRow("x5chain-not-der", "Unreadable", "")]
    [DataRow("signature-one-byte-short", "Invalid", "claimSignature.mismatch")]
    [DataRow("signature-one-byte-long", "Invalid", "claimSignature.mismatch")]
    public void JpegIsJudgedLikeC2paRs(string name, string state, string failures)
    {
        var (theirs, ours) = SignAndValidate(name, SignedBy.Jpeg, "jpg");
        AssertRow(theirs, ours, state, failures);
        CollectionAssert.AreEquivalent(TimeStampCodes(theirs), TimeStampCodes(ours), Agreement.Describe(ours));
    }

    [TestMethod]
    public void Mp4WithoutEkuIsJudgedLikeC2paRs()
    {
        var (theirs, ours) = SignAndValidate("no-eku", SignedBy.Mp4, "mp4");
        AssertRow(theirs, ours, "Invalid", "signingCredential.invalid,signingCredential.untrusted");
    }

    /// <summary>
    /// c2pa-rs signs with the same bad certificates (<c>sign.mjs --certs DIR</c> takes any chain and key, and checks
    /// neither): Verifier must judge c2pa-rs's files as c2pa-rs does, with the same codes as the matrix row.
    /// </summary>
    [TestMethod]
    [DataRow("no-eku", "p256", "es256", "Invalid", "signingCredential.invalid,signingCredential.untrusted")]
    [DataRow("ca-certificate-as-signer", "p256", "es256", "Invalid", "signingCredential.invalid")]
    [DataRow("expired-no-time-stamp", "p256", "es256", "Invalid", "signingCredential.expired,signingCredential.untrusted")]
    [DataRow("rsa-1024", "rsa1024", "ps256", "Invalid", "signingCredential.invalid")]
    [DataRow("ec-p192", "p192", "es256", "Invalid", "signingCredential.invalid,claimSignature.mismatch")]
    public void C2paRsSignedWithTheBadCertificateIsJudgedTheSame(string name, string key, string alg, string state, string failures)
    {
        var certs = Oracle.TempDir();
        File.WriteAllText(Path.Combine(certs, "chain.pem"), NegativePki.Pem([.. Cases[name]().Chain]));
        File.WriteAllText(Path.Combine(certs, "signer.key"), NegativePki.KeyPem(key switch
        {
            "rsa1024" => Pki.Rsa1024.Private,
            "p192" => Pki.P192.Private,
            _ => Pki.P256.Private,
        }));
        var file = Path.Combine(Oracle.TempDir(), $"{name}.jpg");
        Oracle.Instance.Sign(SignedBy.Jpeg, file, "--certs", certs, "--alg", alg);
        var theirs = Oracle.Instance.Verify(file, "--trust", Pki.AnchorsPem);
        AssertRow(theirs, Reader.Validate(file, new VerifyOptions { Trust = Pki.Trust }), state, failures);
    }

    /// <summary>
    /// A TSA certificate without timeStamping: c2pa-rs logs <c>signingCredential.invalid</c> ("certificate missing
    /// mandatory EKU") yet still reports <c>timeStamp.trusted</c> and judges the signer at the stamped time. Verifier
    /// gives the same state and failure, but does not trust the stamp (<c>timeStamp.untrusted</c>): RFC 3161 §2.3 requires
    /// the EKU, and without it any certificate under an anchor could back-date a signature.
    /// </summary>
    [TestMethod]
    public void TsaWithoutTimeStampingEkuIsInvalidAndVerifierDoesNotTrustItsStamp()
    {
        var (theirs, ours) = SignAndValidate("tsa-without-timestamping-eku", SignedBy.Jpeg, "jpg");
        AssertRow(theirs, ours, "Invalid", "signingCredential.invalid");
        CollectionAssert.AreEquivalent(new[] { "timeStamp.validated", "timeStamp.trusted" }, TimeStampCodes(theirs));
        CollectionAssert.AreEquivalent(new[] { "timeStamp.validated", "timeStamp.untrusted" }, TimeStampCodes(ours), Agreement.Describe(ours));
    }

    /// <summary>
    /// Key usage nonRepudiation without digitalSignature: c2pa-rs 0.91.3 accepts it (it takes digitalSignature,
    /// nonRepudiation or keyCertSign), but the C2PA certificate profile (§14.5.1) requires claim signers to assert
    /// digitalSignature, so Verifier reports <c>signingCredential.invalid</c>.
    /// </summary>
    [TestMethod]
    public void NonRepudiationWithoutDigitalSignatureIsInvalidInVerifierOnly()
    {
        var (theirs, ours) = SignAndValidate("key-usage-non-repudiation-only", SignedBy.Jpeg, "jpg");
        Assert.AreEqual("Trusted", theirs["validation_state"]!.GetValue<string>(), theirs.ToJsonString());
        Assert.AreEqual(ValidationState.Invalid, ours.State, Agreement.Describe(ours));
        CollectionAssert.AreEquivalent(new[] { ValidationCodes.SigningCredentialInvalid }, ours.Codes(StatusKind.Failure).ToList());
        StringAssert.Contains(ours.Statuses.Single(s => s.Code == ValidationCodes.SigningCredentialInvalid).Explanation, "digitalSignature");
    }

    /// <summary>
    /// A well-formed chain of 33 intermediates to the anchor: c2pa-rs walks any length and trusts it; Verifier stops at
    /// <see cref="Certificates.CertificateTrust.MaxChainLength"/> certificates (each link costs a signature check, and real
    /// chains have 2-4), so the signer is untrusted and the file Valid, not Trusted.
    /// </summary>
    [TestMethod]
    public void ChainLongerThanTheLimitIsUntrustedInVerifierOnly()
    {
        var (theirs, ours) = SignAndValidate("chain-longer-than-limit", SignedBy.Jpeg, "jpg");
        Assert.AreEqual("Trusted", theirs["validation_state"]!.GetValue<string>(), theirs.ToJsonString());
        Assert.AreEqual(ValidationState.Valid, ours.State, Agreement.Describe(ours));
        CollectionAssert.AreEquivalent(new[] { ValidationCodes.SigningCredentialUntrusted }, ours.Codes(StatusKind.Failure).ToList());
        StringAssert.Contains(ours.Statuses.Single(s => s.Code == ValidationCodes.SigningCredentialUntrusted).Explanation, "more than 32");
    }

    private static (System.Text.Json.Nodes.JsonNode Theirs, ValidationResult Ours) SignAndValidate(string name, string input, string ext)
    {
        var file = Path.Combine(Oracle.TempDir(), $"{name}.{ext}");
        Cases[name]().Write(input, file, Pki.Carrier);
        return (Oracle.Instance.Verify(file, "--trust", Pki.AnchorsPem), Reader.Validate(file, new VerifyOptions { Trust = Pki.Trust }));
    }

    /// <summary>Same state and failures as c2pa-rs, and those are the expected ones.</summary>
    private static void AssertRow(System.Text.Json.Nodes.JsonNode theirs, ValidationResult ours, string state, string failures)
    {
        Agreement.AssertSame(theirs["file"]!.GetValue<string>(), theirs, ours);
        Assert.AreEqual(state, ours.State.ToString(), Agreement.Describe(ours));
        CollectionAssert.AreEquivalent(failures.Split(',', StringSplitOptions.RemoveEmptyEntries), ours.Codes(StatusKind.Failure).ToList(),
            Agreement.Describe(ours));
    }

    private static List<string> TimeStampCodes(System.Text.Json.Nodes.JsonNode verify) =>
        new[] { "success", "informational", "failure" }.SelectMany(k => Agreement.Codes(verify["status"]?[k])).Where(IsTimeStamp).Distinct().ToList();

    private static List<string> TimeStampCodes(ValidationResult result) =>
        result.Statuses.Select(s => s.Code).Where(IsTimeStamp).Distinct().ToList();

    private static bool IsTimeStamp(string code) => code.StartsWith("timeStamp.", StringComparison.Ordinal);

    private static ForgedSignature Forge(TestPki.Issued leaf) => Forge(-7, leaf, Sign(CoseAlgorithm.Es256, Pki.P256));

    private static ForgedSignature Forge(long? alg, TestPki.Issued leaf, Func<byte[], byte[]> sign) => Forge(alg, Chain(leaf), sign);

    private static ForgedSignature Forge(long? alg, IReadOnlyList<byte[]> chain, Func<byte[], byte[]> sign) => new(alg, chain, sign);

    private static List<byte[]> Chain(TestPki.Issued leaf) => [leaf.Der, Pki.Intermediate.Der];

    private static Func<byte[], byte[]> Sign(CoseAlgorithm alg, AsymmetricCipherKeyPair key) => data => Signatures.Sign(alg, key.Private, data);

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256 (COSE RS256), which C2PA does not allow, under a PS256 header.</summary>
    private static Func<byte[], byte[]> RsaPkcs1(AsymmetricCipherKeyPair key) => data =>
    {
        var signer = SignerUtilities.GetSigner("SHA256WITHRSA");
        signer.Init(true, key.Private);
        signer.BlockUpdate(data);
        return signer.GenerateSignature();
    };

    private static TestPki.Issued Expired() =>
        Pki.Signer(new() { NotBefore = DateTime.UtcNow.AddDays(-400), NotAfter = DateTime.UtcNow.AddDays(-10) });

    private static InProcessTimeStamper Stamper(TestPki.Issued tsa, TestPki.Issued issuer, DateTimeOffset at) =>
        new(tsa, [tsa.Cert, issuer.Cert], at);

    /// <summary>A conforming TSA under a root the verifiers are not given.</summary>
    private static InProcessTimeStamper UntrustedTsa()
    {
        var otherRoot = TestPki.Root("Unlisted TSA Root");
        var tsa = TestPki.Issue(otherRoot, "Unlisted TSA", new() { Key = Pki.P256, Ekus = [NegativePki.TimeStampingEku] });
        return Stamper(tsa, otherRoot, DateTimeOffset.UtcNow);
    }

    /// <summary>A signs B signs A: the signer is issued by A, and x5chain walks A, B, A without reaching the anchor.</summary>
    private static ForgedSignature ChainLoop()
    {
        var keyA = TestPki.EcKey();
        var keyB = TestPki.EcKey();
        var longAgo = DateTime.UtcNow.AddDays(-2);
        var placeholderB = TestPki.Issue(Pki.Root, "Loop CA B", NegativePki.CaOptions(longAgo) with { Key = keyB, SelfSigned = true });
        var a = TestPki.Issue(placeholderB, "Loop CA A", NegativePki.CaOptions(longAgo) with { Key = keyA });
        var b = TestPki.Issue(a, "Loop CA B", NegativePki.CaOptions(longAgo) with { Key = keyB });
        var leaf = TestPki.Issue(a, "Loop Signer", new() { Key = Pki.P256 });
        return Forge(-7, [leaf.Der, a.Der, b.Der, a.Der], Sign(CoseAlgorithm.Es256, Pki.P256));
    }

    /// <summary>A well-formed chain to the anchor through more intermediates than Verifier walks.</summary>
    private static ForgedSignature LongChain()
    {
        var cas = new List<TestPki.Issued>();
        var issuer = Pki.Root;
        for (int i = 0; i <= Certificates.CertificateTrust.MaxChainLength; i++)
        {
            issuer = TestPki.Issue(issuer, $"Deep CA {i}", NegativePki.CaOptions(DateTime.UtcNow.AddDays(-2)) with { Key = Pki.P256 });
            cas.Add(issuer);
        }

        var leaf = TestPki.Issue(issuer, "Deep Signer", new() { Key = Pki.P256 });
        return Forge(-7, [leaf.Der, .. cas.AsEnumerable().Reverse().Select(c => c.Der)], Sign(CoseAlgorithm.Es256, Pki.P256));
    }
}
