using Verifier.Provenance.Certificates;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance;

/// <summary>Options for validating a file.</summary>
public sealed class VerifyOptions
{
    public TrustSettings Trust { get; init; } = TrustSettings.None;

    /// <summary>A sidecar or external <c>.c2pa</c> store to validate the asset against.</summary>
    public string? ExternalManifestPath { get; init; }

    /// <summary>Fragment files (fMP4 <c>.m4s</c>) validated with an init segment.</summary>
    public IReadOnlyList<string> FragmentPaths { get; init; } = [];

    /// <summary>Whether a remote manifest URL may be fetched over the network (off by default).</summary>
    public bool FetchRemoteManifests { get; init; }
}

/// <summary>The door for reading and validating C2PA provenance (the counterpart of c2pa-rs's <c>Reader</c>).</summary>
public static class Reader
{
    /// <summary>Validates the file at <paramref name="path"/>. Never throws for bad input: problems become the result's state.</summary>
    public static ValidationResult Validate(string path, VerifyOptions? options = null) =>
        throw new NotImplementedException("Reader is being written");
}
