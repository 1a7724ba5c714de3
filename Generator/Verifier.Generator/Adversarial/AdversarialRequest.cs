using Verifier.Detector.Training.Net;

namespace Verifier.Generator.Adversarial;

/// <summary>
/// What <c>verifier train adversarial</c> asks for: corpora, the output folder (round checkpoints and reports), the
/// generator model folder to start from, and the detector: a model trained by <c>train detector</c> (its TorchSharp
/// weights are in its <c>.checkpoint/</c> folder), or else a fresh net of <see cref="FreshDetector"/>'s size.
/// </summary>
public sealed record AdversarialRequest(IReadOnlyList<string> DataFolders, string OutFolder, string GeneratorFolder)
{
    public string? DetectorModel { get; init; }

    public DetectorNetOptions FreshDetector { get; init; } = SmallDetector(32);

    public AdversarialOptions Options { get; init; } = new();

    /// <summary>A detector of about 30 k parameters: between the tests' tiny net and the 2 M shipped one, trainable on a CPU.</summary>
    public static DetectorNetOptions SmallDetector(int tileSize) => new()
    {
        TileSize = tileSize, StageWidths = [16, 32, 64], ConvsPerStage = 1, SpectrumWidth = 16, HeadWidth = 32,
    };
}
