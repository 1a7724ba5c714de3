namespace Verifier.Detector.Training.Data;

/// <summary>
/// One file of a training corpus: its full path, label, media type (<see cref="Reports.MediaTypes"/>), generator
/// family (a camera or capture description for real items) and source (where it came from; near-duplicates share one).
/// <see cref="Licence"/>: the manifest's licence column (empty for plain folders), carried into derived corpora.
/// </summary>
public sealed record CorpusItem(string Path, bool IsAi, string MediaType, string Family, string Source)
{
    public string Label => IsAi ? "ai" : "real";

    /// <summary>The terms the file may be used under (the manifest's optional <c>licence</c> column; empty when unknown).</summary>
    public string Licence { get; init; } = string.Empty;

    /// <summary>
    /// For an item made from another (a pseudo-fake, an aligned fake): the original it was made from (the manifest's
    /// optional <c>derived_from</c> column); null for an original. Splits keep it beside its original (same source).
    /// </summary>
    public string? DerivedFrom { get; init; }
}
