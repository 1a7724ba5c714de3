using Verifier.Detector.Training.Evaluation;

namespace Verifier.Detector.Training.Robustness;

/// <summary>
/// One `verifier bench robustness` run: <see cref="Files"/> corpus files (half real, half AI, spread over the families in
/// scope; by default the card's held-out ones), <see cref="TilesPerFile"/> tiles of one frame each, attacked with FGSM and
/// PGD at each of <see cref="Epsilons"/> (in 8-bit levels: 2 means 2/255) towards the other label.
/// </summary>
public sealed record RobustnessRequest(IReadOnlyList<string> DataFolders, string ModelPath)
{
    public int Files { get; init; } = 8;

    public int TilesPerFile { get; init; } = 4;

    public IReadOnlyList<double> Epsilons { get; init; } = [0.5, 1, 2, 4, 8];

    public int PgdSteps { get; init; } = 10;

    public int JpegQuality { get; init; } = 90;

    public FamilyScope Families { get; init; } = FamilyScope.Auto;

    /// <summary>The first setting out of range, as "name: why", or null.</summary>
    public string? FindProblem() =>
        Files < 1 ? $"files: {Files} must be at least 1"
        : TilesPerFile < 1 ? $"tiles: {TilesPerFile} must be at least 1"
        : Epsilons.Count == 0 || Epsilons.Any(e => !(e > 0 && e <= 255)) ? "epsilons: each must lie in (0, 255] levels"
        : PgdSteps < 1 ? $"pgd steps: {PgdSteps} must be at least 1"
        : JpegQuality is < 1 or > 100 ? $"jpeg quality: {JpegQuality} must be 1..100"
        : null;
}
