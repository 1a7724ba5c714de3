using Verifier.Detector.Reports;
using Verifier.Provenance;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Validation;

namespace Verifier.Detector.Scanning;

/// <summary>The file's C2PA evidence for a scan report: Verifier's own validation, summarised with verify --json's names.</summary>
internal static class ProvenanceEvidenceReader
{
    /// <summary>Validates <paramref name="path"/>; never throws for bad input (that becomes the state and the error).</summary>
    public static ProvenanceEvidence Read(string path, TrustSettings trust) =>
        From(Reader.Validate(path, new VerifyOptions { Trust = trust }));

    public static ProvenanceEvidence From(ValidationResult result)
    {
        // The active manifest is named by label; manifests are listed with the active one last.
        var active = result.Manifests.FirstOrDefault(m => m.Label == result.ActiveManifest) ?? result.Manifests.LastOrDefault();
        return new ProvenanceEvidence
        {
            ValidationState = result.State.ToString(),
            DigitalSourceTypes = [.. result.DigitalSourceTypes.Distinct()],
            Signer = active?.Signer is { } s ? new ProvenanceSigner(s.CommonName, s.Organization, s.Issuer, s.Alg, s.Time) : null,
            ClaimGenerator = active?.ClaimGenerator,
            ActiveManifest = result.ActiveManifest,
            Failure = result.Codes(StatusKind.Failure),
            Error = result.State == ValidationState.Unreadable ? result.Error ?? "unknown reason" : null,
        };
    }
}
