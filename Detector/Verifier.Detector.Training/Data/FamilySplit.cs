namespace Verifier.Detector.Training.Data;

/// <summary>How many items of one family went to one side of a split.</summary>
public sealed record FamilyCount(string Family, bool IsAi, int Items)
{
    /// <summary>The family's name on a model card: real families are prefixed, so a camera never reads as a generator.</summary>
    public string CardName => CardNameOf(Family, IsAi);

    public static string CardNameOf(string family, bool isAi) => isAi ? family : $"real: {family}";
}

/// <summary>Families that must stay on one side of any split (they share a source repository), under a stable key.</summary>
public sealed record FamilyGroup(string Key, IReadOnlyList<CorpusItem> Items)
{
    /// <summary>Whether the group holds a generator's own output: fakes made from its real items do not count.</summary>
    public bool HasAi => Items.Any(i => i.IsAi && i.DerivedFrom is null);
}

/// <summary>A corpus cut in two by family; <see cref="ValidationFamilies"/> names what was held out.</summary>
public sealed record CorpusSplit(IReadOnlyList<CorpusItem> Train, IReadOnlyList<CorpusItem> Validation)
{
    public IReadOnlyList<FamilyCount> TrainFamilies => Count(Train);

    public IReadOnlyList<FamilyCount> ValidationFamilies => Count(Validation);

    private static FamilyCount[] Count(IReadOnlyList<CorpusItem> items) =>
        [.. items.GroupBy(i => (i.Family, i.IsAi)).Select(g => new FamilyCount(g.Key.Family, g.Key.IsAi, g.Count()))
            .OrderBy(f => f.IsAi).ThenBy(f => f.Family, StringComparer.Ordinal)];
}

/// <summary>
/// Splits by generator family, never by file: every item of a family lands on the same side, and so does every item
/// from the same source repository (near-duplicates: tiles of one grid, one clip as MP4 and GIF), by joining families
/// that share a source into one group (an item derived from a real original joins its source's group alone, see
/// <see cref="CorpusItem.DerivedFrom"/>). A seeded shuffle of the groups picks the held-out ones, for each label until
/// about <c>validationFraction</c> of that label's items are held out.
/// </summary>
public static class FamilySplit
{
    public static CorpusSplit Split(IReadOnlyList<CorpusItem> items, double validationFraction, int seed)
    {
        if (validationFraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "must lie strictly between 0 and 1");
        }

        var groups = Groups(items);
        // Order by a stable key first, so the same corpus and seed give the same split whatever the input order.
        var shuffled = groups.OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(shuffled);

        var total = (Ai: items.Count(i => i.IsAi), Real: items.Count(i => !i.IsAi));
        var target = (Ai: validationFraction * total.Ai, Real: validationFraction * total.Real);
        var (heldAi, heldReal) = (0, 0);
        var validation = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in shuffled)
        {
            var (ai, real) = (group.Items.Count(i => i.IsAi), group.Items.Count(i => !i.IsAi));
            var helps = (ai > 0 && heldAi < target.Ai) || (real > 0 && heldReal < target.Real);
            var overshoots = (ai > 0 && heldAi >= target.Ai) || (real > 0 && heldReal >= target.Real);
            var emptiesTraining = (ai > 0 && heldAi + ai >= total.Ai) || (real > 0 && heldReal + real >= total.Real);
            if (helps && !overshoots && !emptiesTraining)
            {
                validation.Add(group.Key);
                (heldAi, heldReal) = (heldAi + ai, heldReal + real);
            }
        }

        var split = new CorpusSplit(
            [.. groups.Where(g => !validation.Contains(g.Key)).SelectMany(g => g.Items)],
            [.. groups.Where(g => validation.Contains(g.Key)).SelectMany(g => g.Items)]);
        foreach (var (side, part) in new[] { ("training", split.Train), ("validation", split.Validation) })
        {
            if (!part.Any(i => i.IsAi) || !part.Any(i => !i.IsAi))
            {
                throw new CorpusException(
                    $"cannot split {items.Count} items by family: the {side} side would lack real or AI items " +
                    "(each label needs at least two families, or groups of families, that share no source)");
            }
        }

        return split;
    }

    /// <summary>
    /// <paramref name="items"/> less every AI family outside a seeded draw of <paramref name="share"/> of them (at least
    /// one); real items all stay. Training on shares of a fold's generators draws a learning curve: how the held-out
    /// figure grows with the number of generators seen.
    /// </summary>
    public static IReadOnlyList<CorpusItem> WithAiFamilyShare(IReadOnlyList<CorpusItem> items, double share, int seed)
    {
        if (share is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "must lie in (0, 1]");
        }

        var families = items.Where(i => i.IsAi).Select(i => i.Family).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(families);
        var kept = families.Take(Math.Max(1, (int)Math.Round(share * families.Length))).ToHashSet(StringComparer.Ordinal);
        return [.. items.Where(i => !i.IsAi || kept.Contains(i.Family))];
    }

    /// <summary>
    /// Connected groups of families joined by shared source repositories (union-find over both keys); each group's key
    /// is stable (the smallest key in it), so the groups do not depend on item order.
    /// </summary>
    public static IReadOnlyList<FamilyGroup> Groups(IReadOnlyList<CorpusItem> items)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string key)
        {
            parent.TryAdd(key, key);
            while (parent[key] != key)
            {
                key = parent[key] = parent[parent[key]];
            }

            return key;
        }

        foreach (var item in items.Where(i => !FollowsSource(i)))
        {
            var family = FamilyKey(item);
            var repository = Repository(item);
            if (repository.Length > 0)
            {
                var (a, b) = (Find(family), Find(SourceKey(item)));
                if (a != b)
                {
                    // The smaller key becomes the root, so groups do not depend on item order.
                    parent[string.CompareOrdinal(a, b) < 0 ? b : a] = string.CompareOrdinal(a, b) < 0 ? a : b;
                }
            }
            else
            {
                Find(family);
            }
        }

        return [.. items.GroupBy(i => Find(FollowsSource(i) ? SourceKey(i) : FamilyKey(i)), StringComparer.Ordinal).Select(g => new FamilyGroup(g.Key, [.. g]))];
    }

    /// <summary>
    /// A derived item (a fake made from a real original, which shares the original's source) joins the group of its
    /// source alone: were its family joined too, one pseudo-fake family made from many sources would weld every real
    /// group into one.
    /// </summary>
    private static bool FollowsSource(CorpusItem item) => item.DerivedFrom is not null && Repository(item).Length > 0;

    private static string Repository(CorpusItem item) => item.Source.Split('@')[0];

    private static string SourceKey(CorpusItem item) => "source:" + Repository(item);

    private static string FamilyKey(CorpusItem item) => $"family:{item.Label}:{item.Family}";
}
