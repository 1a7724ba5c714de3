namespace Verifier.Detector.Training.Data;

/// <summary>
/// Deals a corpus's family groups (<see cref="FamilySplit.Groups"/>) into K leave-one-family-out folds: the groups with
/// AI items round robin in a seeded order, so every one is held out exactly once, and the real-only groups the same
/// way into the same K folds, so every fold scores its AI families against real files it never trained on either.
/// Fakes made from real items (<see cref="CorpusItem.DerivedFrom"/>) are training data only: they go with their
/// original's group and are trained on when it is, but a held-out group is scored on its originals alone, since the
/// protocol measures generators never seen, not the pseudo-fakes' recipes.
/// </summary>
public static class LofoFolds
{
    /// <summary>The folds; <paramref name="folds"/> null means one per AI group.</summary>
    public static IReadOnlyList<LofoFold> Make(IReadOnlyList<CorpusItem> items, int? folds, int seed)
    {
        var groups = FamilySplit.Groups(items);
        var ai = Shuffled(groups.Where(g => g.HasAi), seed);
        var real = Shuffled(groups.Where(g => !g.HasAi), unchecked(seed + 1));
        var k = folds ?? ai.Length;
        if (k < 2 || k > ai.Length)
        {
            throw new CorpusException($"{k} folds: the corpus has {ai.Length} groups of AI families (families that share a source count as one); use 2 to {ai.Length} folds");
        }

        if (real.Length < k)
        {
            throw new CorpusException($"{k} folds: the corpus has only {real.Length} groups of real families, and every fold must hold some out; use at most {real.Length} folds");
        }

        var heldOut = Enumerable.Range(0, k).Select(_ => new List<FamilyGroup>()).ToArray();
        for (var i = 0; i < ai.Length; i++)
        {
            heldOut[i % k].Add(ai[i]);
        }

        for (var i = 0; i < real.Length; i++)
        {
            heldOut[i % k].Add(real[i]);
        }

        return [.. heldOut.Select((held, index) =>
        {
            var keys = held.Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
            return new LofoFold(
                index,
                [.. keys.Order(StringComparer.Ordinal)],
                [.. groups.Where(g => !keys.Contains(g.Key)).SelectMany(g => g.Items)],
                [.. held.SelectMany(g => g.Items).Where(i => i.DerivedFrom is null)]);
        })];
    }

    /// <summary>Ordered by key first, so the same corpus and seed deal the same folds whatever the input order.</summary>
    private static FamilyGroup[] Shuffled(IEnumerable<FamilyGroup> groups, int seed)
    {
        var ordered = groups.OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(ordered);
        return ordered;
    }
}
