namespace Verifier.Provenance.Validation;

/// <summary>Why a file's provenance could not be read at all (no validation state can be given).</summary>
public enum ReadError
{
    /// <summary>No manifest store was found (c2pa-rs <c>JumbfNotFound</c>).</summary>
    JumbfNotFound,

    /// <summary>The manifest store's JUMBF is malformed (<c>JumbfParseError</c>).</summary>
    JumbfParseError,

    /// <summary>A claim names no hash algorithm (c2pa-rs's <c>UnknownAlgorithm</c>); a signature algorithm C2PA does not allow is a status.</summary>
    UnknownAlgorithm,

    /// <summary>The manifest is only referenced remotely and could not be fetched (<c>RemoteManifestFetch</c>).</summary>
    RemoteManifestFetch,

    /// <summary>A pre-1.0 (CAI prerelease) manifest (<c>PrereleaseError</c>).</summary>
    PrereleaseError,

    /// <summary>The file is not a valid asset of its format, or is hostile (<c>InvalidAsset</c>).</summary>
    InvalidAsset,

    /// <summary>The file's format is not one Verifier reads (<c>UnsupportedType</c>).</summary>
    UnsupportedType,

    /// <summary>The claim's CBOR is malformed or lacks required fields (<c>ClaimDecoding</c>).</summary>
    ClaimDecoding,

    /// <summary>The manifest's boxes are not those of a C2PA manifest (<c>InvalidClaim</c>).</summary>
    InvalidClaim,

    /// <summary>An assertion in the store is not referenced by its claim (<c>AssertionMissing</c>).</summary>
    AssertionMissing,

    /// <summary>The claim signature is not a COSE_Sign1 structure (c2pa-rs fails the read too).</summary>
    CoseInvalid,

    /// <summary>The signing certificate in <c>x5chain</c> is not a parseable X.509 certificate (<c>CoseInvalidCert</c>).</summary>
    CoseInvalidCert,

    /// <summary>The file could not be read from disk.</summary>
    Io,

    /// <summary>
    /// The container's C2PA boxes are inconsistent, e.g. a BMFF C2PA box whose purpose was retagged, or an
    /// <c>original</c> store without its <c>update</c> (c2pa-rs <c>C2PAValidation</c>, spelled as c2pa-rs spells it).
    /// </summary>
    C2PAValidation,

    /// <summary>The asset embeds more than one manifest store (c2pa-rs <c>TooManyManifestStores</c>).</summary>
    TooManyManifestStores,
}

/// <summary>
/// Thrown when provenance cannot be read at all. Everything short of this is logged as a status code instead.
/// </summary>
public sealed class ProvenanceReadException(ReadError error, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ReadError Error { get; } = error;

    /// <summary>The error as c2pa-rs names it, e.g. <c>JumbfNotFound</c>.</summary>
    public string Name => Error.ToString();
}
