namespace Verifier.Provenance.Validation;

/// <summary>
/// Every validation status code Verifier reports, spelled exactly as c2pa-rs spells it, so that
/// results can be compared code for code with the reference implementation.
/// </summary>
public static class ValidationCodes
{
    // Success
    public const string ClaimSignatureValidated = "claimSignature.validated";
    public const string ClaimSignatureInsideValidity = "claimSignature.insideValidity";
    public const string SigningCredentialTrusted = "signingCredential.trusted";
    public const string SigningCredentialOcspNotRevoked = "signingCredential.ocsp.notRevoked";
    public const string TimeStampValidated = "timeStamp.validated";
    public const string TimeStampTrusted = "timeStamp.trusted";
    public const string AssertionHashedUriMatch = "assertion.hashedURI.match";
    public const string AssertionDataHashMatch = "assertion.dataHash.match";
    public const string AssertionBmffHashMatch = "assertion.bmffHash.match";
    public const string AssertionBoxesHashMatch = "assertion.boxesHash.match";
    public const string AssertionCollectionHashMatch = "assertion.collectionHash.match";
    public const string AssertionAccessible = "assertion.accessible";
    public const string IngredientManifestValidated = "ingredient.manifest.validated";
    public const string IngredientClaimSignatureValidated = "ingredient.claimSignature.validated";

    // Informational
    public const string SigningCredentialOcspSkipped = "signingCredential.ocsp.skipped";
    public const string SigningCredentialOcspInaccessible = "signingCredential.ocsp.inaccessible";
    public const string SigningCredentialOcspUnknown = "signingCredential.ocsp.unknown";
    public const string TimeStampUntrusted = "timeStamp.untrusted";
    public const string TimeStampOutsideValidity = "timeStamp.outsideValidity";
    public const string TimeStampMismatch = "timeStamp.mismatch";
    public const string TimeStampMalformed = "timeStamp.malformed";
    public const string ManifestUnknownProvenance = "manifest.unknownProvenance";
    public const string AlgorithmDeprecated = "algorithm.deprecated";
    public const string IngredientUnknownProvenance = "ingredient.unknownProvenance";
    public const string AssertionDataHashAdditionalExclusions = "assertion.dataHash.additionalExclusionsPresent";
    public const string AssertionBmffHashAdditionalExclusions = "assertion.bmffHash.additionalExclusionsPresent";

    // Failure
    public const string ClaimMissing = "claim.missing";
    public const string ClaimMultiple = "claim.multiple";
    public const string ClaimMalformed = "claim.malformed";
    public const string ClaimCborInvalid = "claim.cbor.invalid";
    public const string ClaimHardBindingsMissing = "claim.hardBindings.missing";
    public const string ClaimRequiredMissing = "claim.required.missing";
    public const string ClaimSignatureMissing = "claimSignature.missing";
    public const string ClaimSignatureMismatch = "claimSignature.mismatch";
    public const string ClaimSignatureOutsideValidity = "claimSignature.outsideValidity";
    public const string SigningCredentialUntrusted = "signingCredential.untrusted";
    public const string SigningCredentialInvalid = "signingCredential.invalid";
    public const string SigningCredentialExpired = "signingCredential.expired";
    public const string SigningCredentialRevoked = "signingCredential.ocsp.revoked";
    public const string AssertionHashedUriMismatch = "assertion.hashedURI.mismatch";
    public const string AssertionMissing = "assertion.missing";
    public const string AssertionUndeclared = "assertion.undeclared";
    public const string AssertionInaccessible = "assertion.inaccessible";
    public const string AssertionOutsideManifest = "assertion.outsideManifest";
    public const string AssertionMultipleHardBindings = "assertion.multipleHardBindings";
    public const string AssertionRequiredMissing = "assertion.required.missing";
    public const string AssertionCborInvalid = "assertion.cbor.invalid";
    public const string AssertionJsonInvalid = "assertion.json.invalid";
    public const string AssertionDataHashMismatch = "assertion.dataHash.mismatch";
    public const string AssertionDataHashMalformed = "assertion.dataHash.malformed";
    public const string AssertionDataHashRedacted = "assertion.dataHash.redacted";
    public const string AssertionBmffHashMismatch = "assertion.bmffHash.mismatch";
    public const string AssertionBmffHashMalformed = "assertion.bmffHash.malformed";
    public const string AssertionBoxesHashMismatch = "assertion.boxesHash.mismatch";
    public const string AssertionBoxesHashMalformed = "assertion.boxesHash.malformed";
    public const string AssertionBoxesHashUnknownBox = "assertion.boxesHash.unknownBox";
    public const string AssertionCollectionHashMismatch = "assertion.collectionHash.mismatch";
    public const string AssertionCollectionHashMalformed = "assertion.collectionHash.malformed";
    public const string AssertionCollectionHashInvalidUri = "assertion.collectionHash.invalidURI";
    public const string AssertionActionMalformed = "assertion.action.malformed";
    public const string AssertionActionIngredientMismatch = "assertion.action.ingredientMismatch";
    public const string AssertionActionRedacted = "assertion.action.redacted";
    public const string AssertionActionRedactionMismatch = "assertion.action.redactionMismatch";
    public const string AssertionIngredientMalformed = "assertion.ingredient.malformed";
    public const string AssertionTimestampMalformed = "assertion.timestamp.malformed";
    public const string AssertionMetadataDisallowed = "assertion.metadata.disallowed";
    public const string AssertionNotRedacted = "assertion.notRedacted";
    public const string AssertionSelfRedacted = "assertion.selfRedacted";
    public const string IngredientHashedUriMismatch = "ingredient.hashedURI.mismatch";
    public const string IngredientManifestMissing = "ingredient.manifest.missing";
    public const string IngredientManifestMismatch = "ingredient.manifest.mismatch";
    public const string IngredientClaimSignatureMissing = "ingredient.claimSignature.missing";
    public const string IngredientClaimSignatureMismatch = "ingredient.claimSignature.mismatch";
    public const string ManifestInaccessible = "manifest.inaccessible";
    public const string ManifestMultipleParents = "manifest.multipleParents";
    public const string ManifestUpdateInvalid = "manifest.update.invalid";
    public const string ManifestUpdateWrongParents = "manifest.update.wrongParents";
    public const string ManifestTimestampInvalid = "manifest.timestamp.invalid";
    public const string ManifestTimestampWrongParents = "manifest.timestamp.wrongParents";
    public const string ManifestCompressedInvalid = "manifest.compressed.invalid";
    public const string ManifestUnreferenced = "manifest.unreferenced";
    public const string HashedUriMissing = "hashedURI.missing";
    public const string HashedUriMismatch = "hashedURI.mismatch";
    public const string AlgorithmUnsupported = "algorithm.unsupported";
    public const string GeneralError = "general.error";

    private static readonly HashSet<string> SuccessCodes =
    [
        ClaimSignatureValidated, ClaimSignatureInsideValidity, SigningCredentialTrusted, SigningCredentialOcspNotRevoked,
        TimeStampValidated, TimeStampTrusted, AssertionHashedUriMatch, AssertionDataHashMatch, AssertionBmffHashMatch,
        AssertionBoxesHashMatch, AssertionCollectionHashMatch, AssertionAccessible, IngredientManifestValidated,
        IngredientClaimSignatureValidated,
        "cawg.identity.well-formed", "cawg.identity.trusted", "cawg.x509.credential.trusted", "cawg.ica.credential_valid",
        "cawg.x509.signature.validated", "cawg.ica.time_stamp.validated",
    ];

    private static readonly HashSet<string> InformationalCodes =
    [
        SigningCredentialOcspSkipped, SigningCredentialOcspInaccessible, SigningCredentialOcspUnknown, TimeStampUntrusted,
        TimeStampOutsideValidity, TimeStampMismatch, TimeStampMalformed, ManifestUnknownProvenance, AlgorithmDeprecated,
        IngredientUnknownProvenance, AssertionDataHashAdditionalExclusions, AssertionBmffHashAdditionalExclusions,
        "cawg.ica.untrusted_issuer", // c2pa-rs 0.91.3 reports it as informational (it does not affect the manifest)
    ];

    /// <summary>Failures that leave a manifest Valid (the signer is merely not on a trust list).</summary>
    public static bool IsTolerated(string code) =>
        code == SigningCredentialUntrusted || code.StartsWith("cawg.", StringComparison.Ordinal) && !IsCawgFatal(code);

    // CAWG identity failures that c2pa-rs counts against the manifest (see fixtures: cawg.ica.* make it Invalid,
    // cawg.identity.* / cawg.x509.* leave it Valid).
    private static bool IsCawgFatal(string code) => code.StartsWith("cawg.ica.", StringComparison.Ordinal);

    public static StatusKind KindOf(string code) =>
        SuccessCodes.Contains(code) ? StatusKind.Success
        : InformationalCodes.Contains(code) ? StatusKind.Informational
        : StatusKind.Failure;
}

public enum StatusKind
{
    Success,
    Informational,
    Failure,
}
