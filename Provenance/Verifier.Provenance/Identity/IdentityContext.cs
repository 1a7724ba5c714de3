using Verifier.Provenance.Claims;
using Verifier.Provenance.Certificates;

namespace Verifier.Provenance.Identity;

/// <summary>
/// What validating a CAWG identity assertion needs from its manifest: the claim's assertion references
/// (created + gathered, as stored, relative or absolute URLs) and what to trust. CAWG trust is separate from the C2PA
/// signer trust (c2pa-rs's <c>cawg_trust</c> settings): with none configured every X.509 identity credential is
/// <c>cawg.x509.credential.untrusted</c>, which leaves the manifest's state alone.
/// </summary>
public sealed record IdentityContext
{
    public required IReadOnlyList<HashedUri> ClaimAssertions { get; init; }

    /// <summary>Anchors (and allowed list, extra EKUs) for X.509 identity credentials; <c>Now</c> overrides the clock.</summary>
    public TrustSettings CawgTrust { get; init; } = TrustSettings.None;

    /// <summary>Issuer DIDs trusted for identity claims aggregation credentials (exact match, fragment removed).</summary>
    public IReadOnlyList<string> TrustedIcaIssuers { get; init; } = [];
}
