using Verifier.Provenance.Cose;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Store;

namespace Verifier.Provenance.Validation;

/// <summary>Everything one validation run shares: the store, the asset it binds to, the options and the log.</summary>
internal sealed class ValidationSession
{
    public required ManifestStore Store { get; init; }

    /// <summary>The asset the hard binding is checked against (the media file, even for a sidecar store).</summary>
    public required Stream Asset { get; init; }

    public required IAssetHandler? Handler { get; init; }

    public required LocatedManifest Located { get; init; }

    public required VerifyOptions Options { get; init; }

    public StatusLog Log { get; } = new();

    /// <summary>Every redaction URI named by a reachable claim.</summary>
    public HashSet<string> Redactions { get; } = [];

    /// <summary>Reachable manifests (from the active one through ingredients), by label.</summary>
    public Dictionary<string, Manifest> Reachable { get; } = [];

    /// <summary>The manifest whose hard binding covers the asset (the active one, or an update manifest's parent).</summary>
    public string? BindingManifest { get; set; }

    public Dictionary<string, SignerInfo> Signers { get; } = [];
}
