using System.Formats.Cbor;
using Verifier.Provenance.Assertions;
using Verifier.Provenance.Bindings;
using Verifier.Provenance.Cbor;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Claims;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Identity;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Store;
using Verifier.Provenance.Validation;

namespace Verifier.Fuzz.Targets;

/// <summary>The parsers inside a manifest store: JUMBF, claim CBOR, assertion CBOR, COSE_Sign1 and X.509 chains.</summary>
public static class ManifestTargets
{
    /// <summary>A fixed time, so a certificate's verdict does not change between runs of the same input.</summary>
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string SignatureUrl = "self#jumbf=/c2pa/urn:c2pa:fuzz/c2pa.signature";

    private static bool IsReadError(Exception e) => e is ProvenanceReadException;

    /// <summary>A whole <c>.c2pa</c> store: the JUMBF box tree, then every manifest in it (claim, assertions, Brotli).</summary>
    public static FuzzTarget Jumbf { get; } = new("jumbf", "JUMBF box tree + ManifestStore.Parse of a .c2pa store", input =>
    {
        JumbfReader.ParseStore(input);
        var store = ManifestStore.Parse(input);
        foreach (var manifest in store.Manifests)
        {
            // The lazily decoded parts: assertion CBOR and the manifest hash a parent's ingredient would check.
            foreach (var assertion in manifest.Assertions)
            {
                _ = assertion.Cbor;
            }

            manifest.ManifestHash(manifest.Alg);
        }
    }, IsReadError);

    public static FuzzTarget Claim { get; } = new("claim", "Claim.Parse of claim CBOR (v1 and v2)", input =>
    {
        var claim = Provenance.Claims.Claim.Parse(input, "c2pa.claim.v2");
        foreach (var uri in claim.Assertions.Concat(claim.CreatedAssertions).Concat(claim.GatheredAssertions))
        {
            JumbfUri.ToAbsolute("urn:c2pa:fuzz", uri.Url);
            JumbfUri.BoxName(uri.Url);
            _ = uri.Label;
        }
    }, IsReadError);

    /// <summary>Assertion CBOR through every assertion reader: each must return null (or a problem) for a wrong shape.</summary>
    public static FuzzTarget Assertion { get; } = new("assertion", "CBOR decode + actions, ingredient, BMFF hash, hashed URI, CAWG signer payload readers", input =>
    {
        var node = CborNode.Decode(input);
        ActionsAssertion.From(node);
        IngredientAssertion.From(node);
        BmffHashAssertion.Parse(node, "c2pa.hash.bmff.v3", out _);
        BmffHashAssertion.ParseProof(node);
        HashedUri.From(node);
        SignerPayload.Read(node);
        _ = node.ToString();
    }, e => e is CborContentException);

    /// <summary>A COSE_Sign1 validated as a claim signature: headers, x5chain, time stamp, stapled OCSP, signature check.</summary>
    public static FuzzTarget Cose { get; } = new("cose", "ClaimSignatureValidator.Validate of a COSE_Sign1 (x5chain, sigTst, OCSP)", input =>
    {
        var claimBytes = "fuzz claim"u8.ToArray();
        ClaimSignatureValidator.Validate(input, claimBytes, 2, new TrustSettings { Now = At }, new StatusLog(), SignatureUrl);
        ClaimSignatureValidator.Describe(input);
    }, IsReadError);

    /// <summary>
    /// Concatenated DER certificates (leaf first) through the end-entity profile and trust path building; the last
    /// certificate is configured as the anchor so the chain's signatures are checked too. Neither check may throw.
    /// </summary>
    public static FuzzTarget Certificate { get; } = new("certificate", "CertificateReader + CertificateProfile + CertificateTrust on a DER chain", input =>
    {
        var parsed = DerSequences.Split(input).Select(d => CertificateReader.TryParse(d)).ToList();
        if (parsed.Count == 0 || parsed[0] is not { } leaf)
        {
            return;
        }

        var rest = parsed.Skip(1).OfType<Org.BouncyCastle.X509.X509Certificate>().ToList();
        var log = new StatusLog();
        CertificateProfile.CheckEndEntity(leaf, At, CertificateOids.DefaultSignerEkus, null, log, SignatureUrl);
        CertificateProfile.CheckEndEntity(leaf, At, CertificateOids.DefaultSignerEkus, CertificateOids.TimeStamping, log, null);
        var anchors = rest.Count > 0 ? [rest[^1]] : new List<Org.BouncyCastle.X509.X509Certificate>();
        CertificateTrust.Check(leaf, rest, anchors, [], CertificateOids.DefaultSignerEkus, At);
    }, FuzzTarget.Never);
}
