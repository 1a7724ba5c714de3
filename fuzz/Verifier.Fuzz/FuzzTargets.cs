using Verifier.Fuzz.Targets;

namespace Verifier.Fuzz;

/// <summary>Every parser of untrusted input that is fuzzed, by the name the command line and fuzz/corpus/ use.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        ManifestTargets.Jumbf, ManifestTargets.Claim, ManifestTargets.Assertion, ManifestTargets.Cose, ManifestTargets.Certificate,
        ContainerTargets.Jpeg, ContainerTargets.Png, ContainerTargets.Bmff, ContainerTargets.Riff,
        ModelCardTarget.Parse, MultipartTarget.Receive, ReaderTarget.Validate,
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
