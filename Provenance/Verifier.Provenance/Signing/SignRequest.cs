using Verifier.Provenance.Certificates;

namespace Verifier.Provenance.Signing;

/// <summary>What to sign and how: the counterpart of c2pa-rs's Builder inputs.</summary>
public sealed class SignRequest
{
    public required string InputPath { get; init; }

    public required string OutputPath { get; init; }

    public required IClaimSigner Signer { get; init; }

    /// <summary>Stamps the signature (<c>sigTst2</c>) when set; the keys engineer's RFC 3161 client plugs in here.</summary>
    public ITimeStamper? TimeStamper { get; init; }

    public ManifestDefinition Definition { get; init; } = new();

    /// <summary>
    /// The <c>digitalSourceType</c> URI of the first action (see <see cref="DigitalSourceTypes.Resolve"/>); c2pa-rs requires
    /// one on <c>c2pa.created</c>, so without it the builder writes <see cref="DigitalSourceTypes.Empty"/> as c2pa-rs does.
    /// </summary>
    public string? DigitalSourceType { get; init; }

    /// <summary>
    /// A signed file whose active manifest becomes the <c>parentOf</c> ingredient (<c>c2pa.opened</c>), recorded before
    /// the definition's <see cref="ManifestDefinition.Ingredients"/> (which may then not name a parent of their own).
    /// </summary>
    public string? ParentPath { get; init; }

    /// <summary>Leave the asset unchanged and write the store to <c>OUT</c> with the extension <c>.c2pa</c>.</summary>
    public bool Sidecar { get; init; }

    /// <summary>A URL where the store will also be published: written into the asset's XMP as <c>dcterms:provenance</c>.</summary>
    public string? RemoteUrl { get; init; }

    /// <summary>
    /// Fragment files (<c>moof</c> + <c>mdat</c>) of a fragmented MP4 whose init segment is the input: the init gets a
    /// Merkle <c>c2pa.hash.bmff.v3</c> over them and each is written, with its proof box, under the same file name into
    /// <see cref="FragmentsOutputDirectory"/>. Their order gives each its Merkle location.
    /// </summary>
    public IReadOnlyList<string> FragmentPaths { get; init; } = [];

    /// <summary>Where signed fragments go; null for the output's own folder.</summary>
    public string? FragmentsOutputDirectory { get; init; }

    /// <summary>Makes the claim thumbnail and each file ingredient's <c>c2pa.thumbnail.ingredient</c>; null for no thumbnails.</summary>
    public IThumbnailMaker? Thumbnails { get; init; }

    /// <summary>Trust used to validate the parent and every other signed ingredient; each result is recorded in its <c>validationResults</c>.</summary>
    public TrustSettings ParentTrust { get; init; } = TrustSettings.None;
}

/// <summary>What was written: the new manifest's label, the store size, and the COSE size (always the reserved size).</summary>
public sealed record SignResult(string OutputPath, string ManifestLabel, int StoreLength, int SignatureLength, string MediaType)
{
    /// <summary>The <c>.c2pa</c> store written beside the asset with <see cref="SignRequest.Sidecar"/>, else null.</summary>
    public string? SidecarPath { get; init; }

    /// <summary>The signed fragments, in the order given (empty unless <see cref="SignRequest.FragmentPaths"/> was set).</summary>
    public IReadOnlyList<string> FragmentPaths { get; init; } = [];
}
