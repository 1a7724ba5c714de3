using Verifier.Provenance.Validation;

namespace Verifier.Cli.Tests.Support;

/// <summary>
/// Stand-in validation results, with the codes, labels and signer c2pa-rs (<c>verify.mjs</c>) reports for
/// samples/edited.jpg (Trusted / Valid without anchors) and samples/tampered.jpg (Invalid).
/// </summary>
internal static class Results
{
    public const string Active = "urn:c2pa:a4b0cede-4f14-490e-a1bc-09ec7fc32a6e";
    public const string Parent = "urn:c2pa:e1969824-2a52-43b5-9578-9bec02125f5a";
    public const string Ai = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
    public const string Signature = "self#jumbf=/c2pa/" + Active + "/c2pa.signature";
    public const string IngredientUri = "self#jumbf=/c2pa/" + Active + "/c2pa.assertions/c2pa.ingredient.v3";

    public static readonly DateTimeOffset SignedAt = new(2026, 11, 22, 17, 41, 24, TimeSpan.Zero);

    public static ValidationResult Trusted(string file) => Signed(file, ValidationState.Trusted,
    [
        new("timeStamp.validated", Signature, "timestamp message digest matched: c2pa-ref Test TSA"),
        new("timeStamp.trusted", Signature, "timestamp cert trusted: c2pa-ref Test TSA"),
        new("signingCredential.trusted", Signature, "signing certificate trusted"),
        new("claimSignature.insideValidity", Signature, "claim signature valid"),
        new("claimSignature.validated", Signature, "claim signature valid"),
        new("assertion.hashedURI.match", "self#jumbf=/c2pa/" + Active + "/c2pa.assertions/c2pa.hash.data", "hashed uri matched"),
        new("assertion.hashedURI.match", IngredientUri, "hashed uri matched"),
        new("assertion.hashedURI.match", "self#jumbf=/c2pa/" + Active + "/c2pa.assertions/c2pa.actions.v2", "hashed uri matched"),
        new("assertion.dataHash.match", "self#jumbf=/c2pa/" + Active + "/c2pa.assertions/c2pa.hash.data", "data hash valid"),
        new("signingCredential.ocsp.skipped", Signature, "OCSP fetching skipped"),
    ]);

    public static ValidationResult Valid(string file) => Signed(file, ValidationState.Valid,
    [
        new("timeStamp.validated", Signature, "timestamp message digest matched: c2pa-ref Test TSA"),
        new("claimSignature.insideValidity", Signature, "claim signature valid"),
        new("claimSignature.validated", Signature, "claim signature valid"),
        new("signingCredential.ocsp.skipped", Signature, "OCSP fetching skipped"),
        new("timeStamp.untrusted", Signature, "timestamp cert untrusted: c2pa-ref Test TSA"),
        new("signingCredential.untrusted", Signature, "signing certificate untrusted"),
    ]);

    public static ValidationResult Invalid(string file) => Signed(file, ValidationState.Invalid,
    [
        new("claimSignature.validated", Signature, "claim signature valid"),
        new("assertion.dataHash.mismatch", "self#jumbf=/c2pa/" + Active + "/c2pa.assertions/c2pa.hash.data", "Hashes do not match"),
        new("assertion.dataHash.mismatch", "self#jumbf=/c2pa/" + Active + "/c2pa.assertions/c2pa.hash.data", "Hashes do not match"),
    ]);

    public static ValidationResult NoManifest(string file) => new() { File = file, State = ValidationState.NoManifest };

    public static ValidationResult Unreadable(string file) => new()
    {
        File = file,
        State = ValidationState.Unreadable,
        ErrorKind = ReadError.JumbfParseError,
        Error = "JumbfParseError: box length 4294967295 exceeds the 120 bytes left",
    };

    private static ValidationResult Signed(string file, ValidationState state, IReadOnlyList<ValidationStatus> statuses) => new()
    {
        File = file,
        State = state,
        Statuses = statuses,
        ActiveManifest = Active,
        IngredientDeltas = [new IngredientDelta(IngredientUri, [])],
        DigitalSourceTypes = [Ai],
        Manifests =
        [
            Manifest(Parent, "photo.jpg", [], ["c2pa.hash.data", "c2pa.actions.v2"]),
            Manifest(Active, "edited.jpg", [new IngredientSummary("photo.jpg", "parentOf", Parent)], ["c2pa.hash.data", "c2pa.ingredient.v3", "c2pa.actions.v2"]),
        ],
    };

    private static ManifestSummary Manifest(string label, string title, IReadOnlyList<IngredientSummary> ingredients, IReadOnlyList<string> assertions) => new()
    {
        Label = label,
        Title = title,
        ClaimGenerator = "Verifier samples/0.1.0",
        ClaimVersion = 2,
        Format = "image/jpeg",
        Assertions = assertions,
        Ingredients = ingredients,
        Signer = new SignerSummary("c2pa-ref Test Signer", "c2pa-ref TEST ONLY", "c2pa-ref TEST ONLY", "Es256", SignedAt),
        Actions = [new ActionSummary("c2pa.created", Ai, "Verifier samples", null)],
        AssertionDetails = assertions.Select(a => new KeyValuePair<string, string>(a, a == "c2pa.hash.data" ? "sha256, 1 exclusion" : string.Empty)).ToList(),
    };
}
