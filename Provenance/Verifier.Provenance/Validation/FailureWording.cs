namespace Verifier.Provenance.Validation;

/// <summary>Plain-language sentences for the common failure codes (the code itself is shown for the rest).</summary>
public static class FailureWording
{
    private const string ContentChanged = "the content was changed after it was signed";
    private const string IngredientChanged = "an ingredient's manifest was changed after it was used";

    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        [ValidationCodes.AssertionDataHashMismatch] = ContentChanged,
        [ValidationCodes.AssertionBmffHashMismatch] = ContentChanged,
        [ValidationCodes.AssertionBoxesHashMismatch] = ContentChanged,
        [ValidationCodes.AssertionCollectionHashMismatch] = "a file of the signed collection was changed",
        [ValidationCodes.ClaimSignatureMismatch] = "the signature does not match the manifest (altered or wrongly signed)",
        [ValidationCodes.ClaimSignatureMissing] = "the manifest has no signature",
        [ValidationCodes.ClaimSignatureOutsideValidity] = "it was signed outside the certificate's validity period",
        [ValidationCodes.SigningCredentialUntrusted] = "the signer's certificate does not chain to a trust anchor you gave",
        [ValidationCodes.SigningCredentialInvalid] = "the signer's certificate is not valid for C2PA signing",
        [ValidationCodes.SigningCredentialExpired] = "the signer's certificate had expired",
        [ValidationCodes.SigningCredentialRevoked] = "the signer's certificate was revoked",
        [ValidationCodes.AssertionHashedUriMismatch] = "an assertion was changed after it was signed",
        [ValidationCodes.AssertionMissing] = "an assertion the claim lists is missing",
        [ValidationCodes.AssertionUndeclared] = "the manifest holds an assertion its claim does not list",
        [ValidationCodes.AssertionCborInvalid] = "an assertion could not be decoded",
        [ValidationCodes.AssertionJsonInvalid] = "an assertion could not be decoded",
        [ValidationCodes.AssertionMultipleHardBindings] = "the manifest has more than one content binding",
        [ValidationCodes.AssertionActionMalformed] = "the actions assertion is malformed",
        [ValidationCodes.AssertionActionIngredientMismatch] = "an action refers to an ingredient that does not match",
        [ValidationCodes.ClaimMissing] = "the manifest has no claim",
        [ValidationCodes.ClaimMalformed] = "the claim is malformed",
        [ValidationCodes.ClaimCborInvalid] = "the claim is malformed",
        [ValidationCodes.ClaimHardBindingsMissing] = "the manifest is not bound to the content (no hard binding)",
        [ValidationCodes.IngredientManifestMismatch] = IngredientChanged,
        [ValidationCodes.IngredientHashedUriMismatch] = IngredientChanged,
        [ValidationCodes.IngredientManifestMissing] = "an ingredient's manifest is missing",
        [ValidationCodes.IngredientClaimSignatureMismatch] = "an ingredient's signature does not match",
        [ValidationCodes.ManifestMultipleParents] = "the manifest declares more than one parent",
        [ValidationCodes.AlgorithmUnsupported] = "it uses an unsupported hash or signature algorithm",
        [ValidationCodes.GeneralError] = "validation stopped on an error",
    };

    /// <summary>The sentence for <paramref name="code"/>, or the code itself when there is none.</summary>
    public static string Describe(string code) => Words.TryGetValue(code, out var words) ? words : code;
}
