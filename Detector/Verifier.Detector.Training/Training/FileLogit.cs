using Verifier.Detector.Training.Data;

namespace Verifier.Detector.Training.Training;

/// <summary>
/// A file's score as scanning forms it: the mean of its tiles' logits (the scanner means tiles per frame, then frames,
/// and a file's tiles are spread evenly over its frames). Calibration fitted on these fits what the scanner decides on.
/// </summary>
public sealed record FileLogit(string File, bool IsAi, string Family, double MeanLogit)
{
    /// <summary>Per file, in first-tile order.</summary>
    public static List<FileLogit> Of(IReadOnlyList<TrainingTile> tiles, IReadOnlyList<float> logits) =>
        [.. tiles.Select((tile, i) => (tile, logit: logits[i]))
            .GroupBy(p => p.tile.SourcePath, StringComparer.Ordinal)
            .Select(g => new FileLogit(g.Key, g.First().tile.IsAi, g.First().tile.Family, g.Average(p => (double)p.logit)))];
}
