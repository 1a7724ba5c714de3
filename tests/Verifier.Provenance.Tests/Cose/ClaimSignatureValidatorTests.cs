using System.Formats.Cbor;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Ocsp;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Cose;

/// <summary>ClaimSignatureValidator on signatures and chains made in memory: trust rules, hostile input, stapled OCSP.</summary>
[TestClass]
public sealed class ClaimSignatureValidatorTests
{
    private const string Url = "self#jumbf=/c2pa/urn:c2pa:test/c2pa.signature";
    private static readonly byte[] Claim = [0xA1, 0x61, 0x61, 0x01];
    private static readonly Lazy<TestPki.Issued> Root = new(() => TestPki.Root());
    private static readonly Lazy<TestPki.Issued> Signer = new(() => TestPki.Issue(Root.Value, "Signer"));

    private static TrustSettings Anchored => new() { Anchors = [Root.Value.Der] };

    private static (StatusLog Log, SignerInfo? Signer) Validate(byte[] cose, TrustSettings? trust = null, byte[]? claim = null)
    {
        var log = new StatusLog();
        var signer = ClaimSignatureValidator.Validate(cose, claim ?? Claim, 2, trust ?? Anchored, log, Url);
        return (log, signer);
    }

    private static List<string> Codes(StatusLog log) => log.Entries.Select(e => e.Code).ToList();

    [TestMethod]
    public void SignerChainingToAnAnchorIsTrustedAndValid()
    {
        var (log, signer) = Validate(TestPki.SignEs256(Claim, Signer.Value));
        CollectionAssert.AreEqual(
            new[] { ValidationCodes.SigningCredentialOcspSkipped, ValidationCodes.SigningCredentialTrusted,
                ValidationCodes.ClaimSignatureInsideValidity, ValidationCodes.ClaimSignatureValidated },
            Codes(log));
        Assert.AreEqual("Signer", signer?.CommonName);
        Assert.AreEqual("Es256", signer?.Alg);
        Assert.AreEqual(Url, log.Entries[^1].Url);
    }

    [TestMethod]
    public void ClaimBytesOtherThanTheSignedOnesAreAMismatch()
    {
        var (log, _) = Validate(TestPki.SignEs256(Claim, Signer.Value), claim: [0xA1, 0x61, 0x61, 0x02]);
        Assert.IsTrue(log.Has(ValidationCodes.ClaimSignatureMismatch));
        Assert.IsFalse(log.Has(ValidationCodes.ClaimSignatureValidated));
    }

    [TestMethod]
    public void SelfSignedRootCarriedInX5chainNeverBecomesAnAnchor()
    {
        var rogueRoot = TestPki.Root("Rogue Root");
        var rogue = TestPki.Issue(rogueRoot, "Rogue Signer");
        var cose = TestPki.SignEs256(Claim, rogue, [rogue.Der, rogueRoot.Der]);
        var (log, _) = Validate(cose);
        Assert.IsTrue(log.Has(ValidationCodes.SigningCredentialUntrusted));
        Assert.IsTrue(log.Has(ValidationCodes.ClaimSignatureValidated));
    }

    [TestMethod]
    public void IntermediateFromX5chainLeadsToTheAnchor()
    {
        var intermediate = TestPki.Issue(Root.Value, "Intermediate", new() { IsCa = true, Ekus = null,
            KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.KeyCertSign | Org.BouncyCastle.Asn1.X509.KeyUsage.DigitalSignature });
        var signer = TestPki.Issue(intermediate, "Deep Signer");
        var (log, _) = Validate(TestPki.SignEs256(Claim, signer, [signer.Der, intermediate.Der]));
        Assert.IsTrue(log.Has(ValidationCodes.SigningCredentialTrusted));

        // Without the intermediate there is no path to the anchor.
        Assert.IsTrue(Validate(TestPki.SignEs256(Claim, signer)).Log.Has(ValidationCodes.SigningCredentialUntrusted));
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow(-257L)] // RS256: PKCS#1 v1.5 is not allowed in C2PA
    [DataRow(-47L)] // ES256K
    public void MissingOrDisallowedAlgorithmIsUnsupportedAndAMismatch(long? alg)
    {
        // As c2pa-rs 0.91.3 reports it (CryptoNegativeMatrixTests checks the same on whole files with the oracle):
        // no trust or profile codes, since it stops before them.
        var (log, signer) = Validate(TestPki.SignEs256(Claim, Signer.Value, alg: alg));
        CollectionAssert.AreEqual(
            new[] { ValidationCodes.SigningCredentialOcspSkipped, ValidationCodes.AlgorithmUnsupported, ValidationCodes.ClaimSignatureMismatch },
            Codes(log));
        Assert.AreEqual("Signer", signer?.CommonName);
        Assert.IsNull(signer?.Alg);
    }

    [TestMethod]
    public void EmptySignatureIsMissing()
    {
        var (log, signer) = Validate([]);
        Assert.IsNull(signer);
        CollectionAssert.AreEqual(new[] { ValidationCodes.ClaimSignatureMissing }, Codes(log));
    }

    [TestMethod]
    [DataRow("d284")] // truncated
    [DataRow("ff00ff00")] // not CBOR
    [DataRow("d3844040f640")] // tag 19, not COSE_Sign1
    [DataRow("d28340a0f6")] // three items
    [DataRow("d28440a0f540")] // payload neither nil nor bstr
    [DataRow("d2844101a0f640")] // protected header is not a map
    public void NotACoseSign1IsAReadErrorAsInC2paRs(string hex)
    {
        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => Validate(Convert.FromHexString(hex)));
        Assert.AreEqual(ReadError.CoseInvalid, e.Error);
    }

    [TestMethod]
    [DataRow("d28443a10126a0f640")] // alg but no x5chain
    public void HostileCoseIsAMismatchNeverAnException(string hex)
    {
        var (log, signer) = Validate(Convert.FromHexString(hex));
        Assert.IsNull(signer);
        Assert.IsTrue(log.Has(ValidationCodes.ClaimSignatureMismatch));
        Assert.IsFalse(log.Has(ValidationCodes.ClaimSignatureValidated));
    }

    [TestMethod]
    public void GarbageSigningCertificateIsAReadErrorAsInC2paRs()
    {
        var cose = TestPki.SignEs256(Claim, Signer.Value, [[0x30, 0x03, 0x02, 0x01, 0x01]]);
        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => Validate(cose));
        Assert.AreEqual(ReadError.CoseInvalidCert, e.Error);
    }

    [TestMethod]
    public void X5chainInBothHeadersIsRejected()
    {
        var cose = TestPki.SignEs256(Claim, Signer.Value, unprotectedCount: 1, unprotected: w =>
        {
            w.WriteTextString("x5chain");
            w.WriteByteString(Signer.Value.Der);
        });
        var (log, signer) = Validate(cose);
        Assert.IsNull(signer);
        StringAssert.Contains(log.Entries.Single(e => e.Code == ValidationCodes.ClaimSignatureMismatch).Explanation, "both");
    }

    [TestMethod]
    public void MoreThanOneTimeStampTokenIsMalformed()
    {
        var cose = TestPki.SignEs256(Claim, Signer.Value, unprotectedCount: 1, unprotected: w =>
        {
            w.WriteTextString("sigTst2");
            w.WriteStartMap(1);
            w.WriteTextString("tstTokens");
            w.WriteStartArray(2);
            for (int i = 0; i < 2; i++)
            {
                w.WriteStartMap(1);
                w.WriteTextString("val");
                w.WriteByteString([0x30, 0x00]);
                w.WriteEndMap();
            }

            w.WriteEndArray();
            w.WriteEndMap();
        });
        var (log, _) = Validate(cose);
        Assert.IsTrue(log.Has(ValidationCodes.TimeStampMalformed));
        Assert.IsTrue(log.Has(ValidationCodes.ClaimSignatureValidated));
    }

    [TestMethod]
    [DataRow("good", ValidationCodes.SigningCredentialOcspNotRevoked)]
    [DataRow("revoked", ValidationCodes.SigningCredentialRevoked)]
    [DataRow("unknown", ValidationCodes.SigningCredentialOcspUnknown)]
    public void StapledOcspFromAnAnchoredResponderIsJudged(string status, string expected)
    {
        var (log, _) = Validate(SignedWithOcsp(status));
        Assert.IsTrue(log.Has(expected), string.Join(", ", Codes(log)));
        Assert.IsFalse(log.Has(ValidationCodes.SigningCredentialOcspSkipped));
        Assert.IsTrue(log.Has(ValidationCodes.ClaimSignatureValidated));
    }

    [TestMethod]
    public void StapledOcspFromAnUnanchoredResponderIsIgnored()
    {
        var (log, _) = Validate(SignedWithOcsp("revoked"), TrustSettings.None);
        Assert.IsFalse(log.Entries.Any(e => e.Code.StartsWith("signingCredential.ocsp.", StringComparison.Ordinal)));
    }

    /// <summary>A signature whose rVals staple an OCSP response about <see cref="Signer"/> from a root-issued responder.</summary>
    private static byte[] SignedWithOcsp(string status)
    {
        var responder = TestPki.Issue(Root.Value, "OCSP Responder", new() { Ekus = ["1.3.6.1.5.5.7.3.9"] });
        var id = new CertificateID(new Org.BouncyCastle.Asn1.X509.AlgorithmIdentifier(Org.BouncyCastle.Asn1.Oiw.OiwObjectIdentifiers.IdSha1, Org.BouncyCastle.Asn1.DerNull.Instance),
            Root.Value.Cert, Signer.Value.Cert.SerialNumber);
        var generator = new BasicOcspRespGenerator(responder.Key.Public);
        CertificateStatus? certStatus = status switch
        {
            "good" => CertificateStatus.Good,
            "revoked" => new RevokedStatus(DateTime.UtcNow.AddDays(-1), 1),
            _ => new UnknownStatus(),
        };
        generator.AddResponse(id, certStatus, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddDays(1), null);
        var basic = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", responder.Key.Private), [responder.Cert],
            DateTime.UtcNow);
        var response = new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful, basic).GetEncoded();
        return TestPki.SignEs256(Claim, Signer.Value, unprotectedCount: 1, unprotected: w =>
        {
            w.WriteTextString("rVals");
            w.WriteStartMap(1);
            w.WriteTextString("ocspVals");
            w.WriteStartArray(1);
            w.WriteByteString(response);
            w.WriteEndArray();
            w.WriteEndMap();
        });
    }
}
