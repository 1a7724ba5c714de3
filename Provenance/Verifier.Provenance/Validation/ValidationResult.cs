namespace Verifier.Provenance.Validation;

public enum ValidationState
{
    /// <summary>Valid, and the signer chains to a trust anchor (and every ingredient is clean).</summary>
    Trusted,

    /// <summary>Cryptographically intact, but the signer is not trusted.</summary>
    Valid,

    /// <summary>Something failed: a hash, a signature, a certificate, a rule.</summary>
    Invalid,

    /// <summary>The file carries no C2PA manifest.</summary>
    NoManifest,

    /// <summary>Provenance could not be read (see <see cref="ValidationResult.Error"/>).</summary>
    Unreadable,
}

/// <summary>An ingredient whose manifest now fails where the signer recorded it passing.</summary>
public sealed record IngredientDelta(string Ingredient, IReadOnlyList<string> Failure);

public sealed record IngredientSummary(string? Title, string? Relationship, string? Manifest);

public sealed record SignerSummary(string? CommonName, string? Organization, string? Issuer, string? Alg, DateTimeOffset? Time);

/// <summary>One manifest of the store, as reported to users.</summary>
public sealed record ManifestSummary
{
    public required string Label { get; init; }

    public string? ClaimGenerator { get; init; }

    public string? Title { get; init; }

    public string? Format { get; init; }

    public int ClaimVersion { get; init; }

    public SignerSummary? Signer { get; init; }

    public IReadOnlyList<string> Assertions { get; init; } = [];

    public IReadOnlyList<IngredientSummary> Ingredients { get; init; } = [];

    /// <summary>Per-assertion detail for <c>inspect</c>: label and a short description of its content.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AssertionDetails { get; init; } = [];

    /// <summary>Actions in order (action name, digitalSourceType, softwareAgent name), for human output.</summary>
    public IReadOnlyList<ActionSummary> Actions { get; init; } = [];
}

public sealed record ActionSummary(string Action, string? DigitalSourceType, string? SoftwareAgent, string? When);

/// <summary>
/// The outcome of validating one file: the one report type behind the CLI's JSON, the human output and the API.
/// </summary>
public sealed record ValidationResult
{
    public required string File { get; init; }

    public required ValidationState State { get; init; }

    /// <summary>For <see cref="ValidationState.Unreadable"/>: the c2pa-rs error name and why, e.g. <c>JumbfParseError: ...</c>.</summary>
    public string? Error { get; init; }

    public ReadError? ErrorKind { get; init; }

    /// <summary>The active manifest's statuses (success, informational, failure), in the order found.</summary>
    public IReadOnlyList<ValidationStatus> Statuses { get; init; } = [];

    public IReadOnlyList<IngredientDelta> IngredientDeltas { get; init; } = [];

    public string? ActiveManifest { get; init; }

    /// <summary>Every manifest of the store, active last.</summary>
    public IReadOnlyList<ManifestSummary> Manifests { get; init; } = [];

    /// <summary>Distinct digitalSourceType URIs from every action of every manifest.</summary>
    public IReadOnlyList<string> DigitalSourceTypes { get; init; } = [];

    /// <summary>The media type the file was read as.</summary>
    public string? MediaType { get; init; }

    /// <summary>Distinct codes of one kind, in first-seen order (the JSON's sets).</summary>
    public IReadOnlyList<string> Codes(StatusKind kind) =>
        Statuses.Where(s => s.Kind == kind).Select(s => s.Code).Distinct().ToList();
}
