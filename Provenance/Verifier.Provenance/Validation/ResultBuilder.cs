using Verifier.Provenance.Assertions;
using Verifier.Provenance.Claims;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Store;

namespace Verifier.Provenance.Validation;

/// <summary>
/// Turns a validation log into the report: the active manifest's statuses, ingredient deltas (statuses found in
/// ingredients that their signers did not already record), the state, and a summary of every manifest.
/// </summary>
internal static class ResultBuilder
{
    public static ValidationResult Build(string file, string? mediaType, ValidationSession session)
    {
        var store = session.Store;
        var active = store.Active!;
        var statuses = FilterRecorded(session.Log.Entries, store, active.Label);
        var activeStatuses = statuses.Where(s => s.IngredientUri is null).ToList();
        var deltas = statuses.Where(s => s.IngredientUri is not null)
            .GroupBy(s => s.IngredientUri!)
            .Select(g => new IngredientDelta(g.Key, g.Where(s => s.Kind == StatusKind.Failure).Select(s => s.Code).Distinct().ToList()))
            .ToList();

        return new ValidationResult
        {
            File = file,
            MediaType = mediaType,
            State = StateOf(activeStatuses, deltas),
            Statuses = activeStatuses,
            IngredientDeltas = deltas,
            ActiveManifest = active.Label,
            Manifests = store.Manifests.Select(m => Summarize(m, session)).ToList(),
            DigitalSourceTypes = store.Manifests
                .SelectMany(m => m.AssertionsOf(ActionsAssertion.BaseLabel))
                .SelectMany(a => ActionsAssertion.From(a.Cbor)?.Actions ?? [])
                .Select(a => a.DigitalSourceType).OfType<string>().Distinct().ToList(),
        };
    }

    /// <summary>
    /// c2pa-rs drops statuses about other manifests that an ingredient assertion already recorded: a signer who
    /// knowingly included a broken ingredient does not make the new asset fail again for it.
    /// </summary>
    private static List<ValidationStatus> FilterRecorded(IReadOnlyList<ValidationStatus> statuses, ManifestStore store, string activeLabel)
    {
        bool IsActive(ValidationStatus s) => s.Url is not null && JumbfUri.ManifestLabel(s.Url) == activeLabel;
        if (statuses.All(IsActive))
        {
            return [.. statuses];
        }

        var recorded = store.Manifests
            .SelectMany(m => m.AssertionsOf(IngredientAssertion.BaseLabel))
            .Select(a => IngredientAssertion.From(a.Cbor))
            .Where(i => i?.RecordedStatuses is not null)
            .SelectMany(i =>
            {
                var label = i!.Manifest is { } m ? JumbfUri.ManifestLabel(m.Url) : null;
                return i.RecordedStatuses!.Select(s => label is not null && s.Url is { } u && u.StartsWith("self#jumbf", StringComparison.Ordinal)
                    ? s with { Url = JumbfUri.ToAbsolute(label, u) }
                    : s);
            })
            .ToList();
        return statuses.Where(s => IsActive(s) || !recorded.Any(r => r.SameAs(s.Code, s.Url) && r.Kind == s.Kind)).ToList();
    }

    /// <summary>
    /// Invalid when any failure counts against the asset; Trusted when the active signer is trusted and nothing failed at
    /// all; else Valid (only tolerated failures: an untrusted signer, CAWG identity findings).
    /// </summary>
    private static ValidationState StateOf(List<ValidationStatus> active, List<IngredientDelta> deltas)
    {
        var failures = active.Where(s => s.Kind == StatusKind.Failure).Select(s => s.Code)
            .Concat(deltas.SelectMany(d => d.Failure)).ToList();
        if (failures.Any(c => !ValidationCodes.IsTolerated(c)))
        {
            return ValidationState.Invalid;
        }

        bool trusted = active.Any(s => s.Code == ValidationCodes.SigningCredentialTrusted);
        return trusted && failures.Count == 0 ? ValidationState.Trusted : ValidationState.Valid;
    }

    private static ManifestSummary Summarize(Manifest m, ValidationSession session)
    {
        session.Signers.TryGetValue(m.Label, out var signer);
        signer ??= ClaimSignatureValidator.Describe(m.Signature);
        var actions = m.AssertionsOf(ActionsAssertion.BaseLabel)
            .SelectMany(a => ActionsAssertion.From(a.Cbor)?.Actions ?? [])
            .Select(a => new ActionSummary(a.Name, a.DigitalSourceType, a.SoftwareAgent, a.When))
            .ToList();
        return new ManifestSummary
        {
            Label = m.Label,
            ClaimGenerator = m.Claim.ClaimGenerator,
            Title = m.Claim.Title,
            Format = m.Claim.Format,
            ClaimVersion = m.Claim.Version,
            Signer = signer is null ? null : new SignerSummary(signer.CommonName, signer.Organization, signer.Issuer, signer.Alg, signer.Time),
            Assertions = m.Claim.Assertions.Select(a => a.Label).ToList(),
            Ingredients = m.AssertionsOf(IngredientAssertion.BaseLabel)
                .Select(a => IngredientAssertion.From(a.Cbor))
                .OfType<IngredientAssertion>()
                .Select(i => new IngredientSummary(i.Title, i.Relationship, i.Manifest is { } r ? JumbfUri.ManifestLabel(r.Url) : null))
                .ToList(),
            AssertionDetails = m.Assertions.Select(a => new KeyValuePair<string, string>(a.Label, Describe(a))).ToList(),
            Actions = actions,
        };
    }

    private static string Describe(AssertionBox a) => a.ContentType switch
    {
        "cbor" => a.Cbor is { } c ? $"CBOR, {a.Data.Length} bytes, {c}" : $"CBOR (malformed), {a.Data.Length} bytes",
        "json" => $"JSON, {a.Data.Length} bytes",
        _ => $"{a.ContentType}, {a.Box.Payload.Length} bytes",
    };
}
