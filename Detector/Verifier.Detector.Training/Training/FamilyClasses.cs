using Verifier.Detector.Training.Data;

namespace Verifier.Detector.Training.Training;

/// <summary>
/// The classes of the family head: one for all real items, then each AI family of the training side in ordinal
/// order. Real cameras share a class because the head is there to learn generator traces, not camera models.
/// </summary>
public static class FamilyClasses
{
    public const string Real = "real";

    public static IReadOnlyList<string> Of(IEnumerable<CorpusItem> items)
    {
        var ai = items.Where(i => i.IsAi).Select(i => i.Family).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (ai.Contains(Real, StringComparer.Ordinal))
        {
            throw new CorpusException($"an AI family is named '{Real}', the family head's class for all real items; rename it");
        }

        return [Real, .. ai];
    }

    /// <summary>Each tile's class index in <paramref name="classes"/>; an AI family outside them throws, naming the tile's file.</summary>
    public static long[] Indices(IReadOnlyList<TrainingTile> tiles, IReadOnlyList<string> classes)
    {
        var index = classes.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => (long)c.i, StringComparer.Ordinal);
        return [.. tiles.Select(t => index.TryGetValue(t.IsAi ? t.Family : Real, out var i) ? i
            : throw new ArgumentException($"{t.SourcePath}: AI family '{t.Family}' is not one of the family head's classes ({string.Join(", ", classes)})", nameof(tiles)))];
    }
}
