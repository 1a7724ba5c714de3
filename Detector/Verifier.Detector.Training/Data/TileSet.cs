namespace Verifier.Detector.Training.Data;

/// <summary>The tiles cut from a corpus, and the items that gave none, each with why.</summary>
public sealed record TileSet(IReadOnlyList<TrainingTile> Tiles, IReadOnlyList<string> Skipped)
{
    /// <summary>The tiles cut from <paramref name="items"/>, in cut order: one cut of a corpus serves many splits of it.</summary>
    public IReadOnlyList<TrainingTile> TilesOf(IEnumerable<CorpusItem> items)
    {
        var paths = items.Select(i => i.Path).ToHashSet(StringComparer.Ordinal);
        return [.. Tiles.Where(t => paths.Contains(t.SourcePath))];
    }
}
