namespace Verifier.Detector.Training.Data;

/// <summary>
/// One file of a training corpus: its full path, label, media type (<see cref="Reports.MediaTypes"/>), generator
/// family (a camera or capture description for real items) and source (where it came from; near-duplicates share one).
/// <see cref="Licence"/>: the manifest's licence column (empty for plain folders), carried into derived corpora.
/// </summary>
public sealed record CorpusItem(string Path, bool IsAi, string MediaType, string Family, string Source)
{
    public string Label => IsAi ? "ai" : "real";

    public string Licence { get; init; } = string.Empty;
}
