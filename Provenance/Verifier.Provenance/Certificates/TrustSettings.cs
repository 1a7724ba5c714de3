namespace Verifier.Provenance.Certificates;

/// <summary>
/// What the verifier trusts: anchors for claim signers, anchors for time-stamp authorities (defaulting to the signer
/// anchors, as c2pa-rs does), end-entity certificates allowed without a chain, and extra EKUs accepted for signers.
/// </summary>
public sealed class TrustSettings
{
    /// <summary>DER certificates of the claim-signer trust anchors.</summary>
    public IReadOnlyList<byte[]> Anchors { get; init; } = [];

    /// <summary>DER certificates of the TSA trust anchors; null means "use <see cref="Anchors"/>".</summary>
    public IReadOnlyList<byte[]>? TsaAnchors { get; init; }

    /// <summary>DER end-entity certificates trusted as they are (pinned, no chain needed).</summary>
    public IReadOnlyList<byte[]> Allowed { get; init; } = [];

    /// <summary>Extra EKU OIDs accepted for claim signers beyond the C2PA defaults.</summary>
    public IReadOnlyList<string> ExtraEkus { get; init; } = [];

    /// <summary>Overrides "now" for validity checks (tests); null means the current time.</summary>
    public DateTimeOffset? Now { get; init; }

    public static TrustSettings None { get; } = new();

    public IReadOnlyList<byte[]> EffectiveTsaAnchors => TsaAnchors ?? Anchors;
}
