using Verifier.Provenance.Claims;
using System.Formats.Cbor;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Verifier.Provenance.Cbor;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Identity;
using Verifier.Provenance.Tests.Cose;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Identity;

/// <summary>Identity assertions built in memory: the trusted paths the fixtures cannot show, and hostile input.</summary>
[TestClass]
public sealed class IdentityAssertionValidatorTests
{
    private const string Url = "self#jumbf=/c2pa/urn:c2pa:test/c2pa.assertions/cawg.identity";
    private static readonly HashedUri HardBinding = new("self#jumbf=c2pa.assertions/c2pa.hash.data", null, new byte[32]);
    private static readonly Lazy<TestPki.Issued> Root = new(() => TestPki.Root("CAWG Root"));
    private static readonly Lazy<TestPki.Issued> Signer = new(() => TestPki.Issue(Root.Value, "CAWG Signer"));

    private static IdentityContext Context(TrustSettings? trust = null, params string[] icaIssuers) => new()
    {
        ClaimAssertions = [HardBinding],
        CawgTrust = trust ?? TrustSettings.None,
        TrustedIcaIssuers = icaIssuers,
    };

    private static SignerPayload Payload(string sigType, params HashedUri[] refs) => new(refs, sigType, []);

    private static CborNode Assertion(SignerPayload payload, byte[] signature, byte[]? pad1 = null, byte[]? pad2 = null)
    {
        var w = new CborWriter();
        w.WriteStartMap(pad2 is null ? 3 : 4);
        w.WriteTextString("signer_payload");
        w.WriteEncodedValue(payload.Encode());
        w.WriteTextString("signature");
        w.WriteByteString(signature);
        w.WriteTextString("pad1");
        w.WriteByteString(pad1 ?? new byte[8]);
        if (pad2 is not null)
        {
            w.WriteTextString("pad2");
            w.WriteByteString(pad2);
        }

        w.WriteEndMap();
        return CborNode.Decode(w.Encode());
    }

    private static List<string> Validate(CborNode assertion, IdentityContext context)
    {
        var log = new StatusLog();
        IdentityAssertionValidator.Validate(assertion, Url, context, log);
        Assert.IsTrue(log.Entries.All(e => e.Url == Url));
        return log.Entries.Select(e => e.Code).ToList();
    }

    private static CborNode X509Assertion(SignerPayload payload, SignerPayload? signedPayload = null, byte[]? pad2 = null) =>
        Assertion(payload, TestPki.SignEs256((signedPayload ?? payload).Encode(), Signer.Value), pad2: pad2);

    [TestMethod]
    public void X509CredentialChainingToACawgAnchorIsTrustedAndWellFormed()
    {
        var codes = Validate(X509Assertion(Payload(IdentityAssertionValidator.X509SigType, HardBinding)),
            Context(new TrustSettings { Anchors = [Root.Value.Der] }));
        CollectionAssert.AreEqual(new[] { IdentityCodes.X509CredentialTrusted, IdentityCodes.X509SignatureValidated, IdentityCodes.WellFormed }, codes);
    }

    [TestMethod]
    public void X509CredentialWithoutCawgAnchorsIsUntrustedButStillValidated()
    {
        var codes = Validate(X509Assertion(Payload(IdentityAssertionValidator.X509SigType, HardBinding)), Context());
        CollectionAssert.AreEqual(new[] { IdentityCodes.X509CredentialUntrusted, IdentityCodes.X509SignatureValidated, IdentityCodes.WellFormed }, codes);
    }

    [TestMethod]
    public void SignatureOverAnotherPayloadIsAMismatch()
    {
        var other = Payload(IdentityAssertionValidator.X509SigType, HardBinding, HardBinding with { Url = "self#jumbf=c2pa.assertions/c2pa.actions.v2" });
        var codes = Validate(X509Assertion(Payload(IdentityAssertionValidator.X509SigType, HardBinding), other), Context());
        CollectionAssert.Contains(codes, IdentityCodes.X509SignatureMismatch);
        CollectionAssert.DoesNotContain(codes, IdentityCodes.WellFormed);
    }

    [TestMethod]
    public void NonZeroPad2IsInvalid() =>
        CollectionAssert.Contains(Validate(X509Assertion(Payload(IdentityAssertionValidator.X509SigType, HardBinding), pad2: [0, 7]), Context()),
            IdentityCodes.PadInvalid);

    [TestMethod]
    public void ReferenceWhoseHashDiffersFromTheClaimStopsValidationSilentlyAsInC2paRs()
    {
        var changed = HardBinding with { Hash = Enumerable.Repeat((byte)1, 32).ToArray() };
        Assert.AreEqual(0, Validate(X509Assertion(Payload(IdentityAssertionValidator.X509SigType, changed)), Context()).Count);
    }

    [TestMethod]
    public void AssertionWithoutSignatureCannotBeLoaded()
    {
        var w = new CborWriter();
        w.WriteStartMap(1);
        w.WriteTextString("pad1");
        w.WriteByteString([0]);
        w.WriteEndMap();
        CollectionAssert.AreEqual(new[] { ValidationCodes.AssertionRequiredMissing }, Validate(CborNode.Decode(w.Encode()), Context()));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("d284")]
    [DataRow("ffffffff")]
    [DataRow("d28443a10126a0f640")]
    public void HostileX509SignatureIsLoggedNeverThrown(string hex)
    {
        var codes = Validate(Assertion(Payload(IdentityAssertionValidator.X509SigType, HardBinding), Convert.FromHexString(hex)), Context());
        Assert.IsTrue(codes.Any(c => c.StartsWith("cawg.x509.", StringComparison.Ordinal)), string.Join(", ", codes));
        CollectionAssert.DoesNotContain(codes, IdentityCodes.WellFormed);
    }

    [TestMethod]
    public void IcaFromATrustedDidJwkIssuerIsAValidCredential()
    {
        var (signature, did) = IcaSignature(Payload(IdentityAssertionValidator.IcaSigType, HardBinding));
        var assertion = Assertion(Payload(IdentityAssertionValidator.IcaSigType, HardBinding), signature);

        CollectionAssert.AreEqual(new[] { IdentityCodes.IcaCredentialValid }, Validate(assertion, Context(null, did)));
        CollectionAssert.AreEqual(new[] { IdentityCodes.IcaUntrustedIssuer }, Validate(assertion, Context()));
    }

    [TestMethod]
    public void IcaWhoseC2paAssetDiffersFromTheSignerPayloadIsAMismatch()
    {
        var vcAsset = Payload(IdentityAssertionValidator.IcaSigType, HardBinding with { Hash = new byte[] { 9, 9 } });
        var (signature, did) = IcaSignature(vcAsset);
        var codes = Validate(Assertion(Payload(IdentityAssertionValidator.IcaSigType, HardBinding), signature), Context(null, did));
        CollectionAssert.AreEqual(new[] { IdentityCodes.IcaSignerPayloadMismatch }, codes);
    }

    /// <summary>An EdDSA COSE_Sign1 carrying a VC 2.0 whose c2paAsset is <paramref name="asset"/>, issued by a fresh did:jwk.</summary>
    private static (byte[] Signature, string Did) IcaSignature(SignerPayload asset)
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var key = generator.GenerateKeyPair();
        var x = Base64Url(((Ed25519PublicKeyParameters)key.Public).GetEncoded());
        var did = "did:jwk:" + Base64Url(Encoding.UTF8.GetBytes($"{{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"{x}\"}}"));
        var refs = string.Join(",", asset.ReferencedAssertions.Select(r => $"{{\"url\":\"{r.Url}\",\"hash\":\"{Convert.ToBase64String(r.Hash.Span)}\"}}"));
        var vc = Encoding.UTF8.GetBytes($"{{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"type\":[\"VerifiableCredential\"],"
            + $"\"issuer\":\"{did}\",\"validFrom\":\"2024-01-01T00:00:00Z\",\"credentialSubject\":{{\"c2paAsset\":"
            + $"{{\"referenced_assertions\":[{refs}],\"sig_type\":\"{asset.SigType}\"}}}}}}");

        var header = new CborWriter();
        header.WriteStartMap(2);
        header.WriteInt32(1);
        header.WriteInt32(-8);
        header.WriteInt32(3);
        header.WriteTextString("application/vc");
        header.WriteEndMap();
        var protectedBytes = header.Encode();
        var tbs = new CborWriter();
        tbs.WriteStartArray(4);
        tbs.WriteTextString("Signature1");
        tbs.WriteByteString(protectedBytes);
        tbs.WriteByteString([]);
        tbs.WriteByteString(vc);
        tbs.WriteEndArray();
        var signer = new Ed25519Signer();
        signer.Init(true, key.Private);
        signer.BlockUpdate(tbs.Encode());

        var cose = new CborWriter();
        cose.WriteTag((CborTag)18);
        cose.WriteStartArray(4);
        cose.WriteByteString(protectedBytes);
        cose.WriteStartMap(0);
        cose.WriteEndMap();
        cose.WriteByteString(vc);
        cose.WriteByteString(signer.GenerateSignature());
        cose.WriteEndArray();
        return (cose.Encode(), did);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
