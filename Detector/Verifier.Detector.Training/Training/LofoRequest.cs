using Verifier.Detector.Training.Data;

namespace Verifier.Detector.Training.Training;

/// <summary>
/// One `verifier train lofo` run: corpora in, <c>OUT/lofo.json</c> + <c>OUT/lofo.md</c> out, one folder per fold
/// (<c>OUT/fold-K/</c>: its result, and its checkpoint while it trains). <see cref="Folds"/> null = one fold per AI
/// family group. <see cref="TilesPath"/>, when set, is read if it exists and written after the cut otherwise.
/// Each fold fits its temperature on <see cref="CalibrationFraction"/> of its own training families.
/// </summary>
public sealed record LofoRequest(IReadOnlyList<string> DataFolders, string OutputFolder)
{
    public TrainingOptions Training { get; init; } = new();

    public TileSampling Sampling { get; init; } = new();

    public AugmentationOptions Augmentation { get; init; } = new();

    public int? Folds { get; init; } = 5;

    public string? TilesPath { get; init; }

    public double CalibrationFraction { get; init; } = 0.2;

    public int BootstrapResamples { get; init; } = 1000;

    /// <summary>The share of each fold's AI training families its detector is fitted on (<see cref="FamilySplit.WithAiFamilyShare"/>); 1 = all.</summary>
    public double AiFamilyShare { get; init; } = 1;

    /// <summary>
    /// Whether a probe's frozen trunk features are computed once for every fold (the default) or in each fold, as any
    /// other net's are: the same figures, the first several times faster. Tests compare the two.
    /// </summary>
    internal bool ShareTrunkFeatures { get; init; } = true;
}
