namespace Verifier.Detector.Training.Data;

/// <summary>The tiles cut from a corpus, and the items that gave none, each with why.</summary>
public sealed record TileSet(IReadOnlyList<TrainingTile> Tiles, IReadOnlyList<string> Skipped);
