using Verifier.Detector.Training.Data;

namespace Verifier.Detector.Training.CorpusNormalisation;

/// <summary>
/// The one label-aware step of normalisation, and a sampling step, not a format one: leaves out a seeded random part of
/// one label's over-represented kind (stills or clips), so both labels end with the same share of clips. No per-item
/// processing can fix a corpus whose AI side is 57% clips and real side 28% (../shared/data): "is a clip" would still
/// predict the label. Of the two ways to even the shares (each keeps one label whole), the one that keeps more items wins.
/// </summary>
public static class KindBalance
{
    /// <summary>The items kept, in their order: for each (label, kind) group cut down, the ones first in a seeded order of their keys.</summary>
    public static IReadOnlyList<T> Keep<T>(IReadOnlyList<T> items, Func<T, bool> isAi, Func<T, bool> isClip, Func<T, string> key, int seed)
    {
        var ai = Counts(items.Where(isAi), isClip);
        var real = Counts(items.Where(i => !isAi(i)), isClip);
        if (ai.Total == 0 || real.Total == 0)
        {
            return items;
        }

        // Real matched to the AI share, or AI matched to the real share: whichever leaves out fewer items.
        var realToAi = Matched(real, ai.ClipShare);
        var aiToReal = Matched(ai, real.ClipShare);
        var (keepAi, keepReal) = ai.Total + realToAi.Total >= aiToReal.Total + real.Total ? (ai, realToAi) : (aiToReal, real);

        var keep = new bool[items.Count];
        foreach (var (label, target) in new[] { (true, keepAi), (false, keepReal) })
        {
            foreach (var (clip, count) in new[] { (false, target.Stills), (true, target.Clips) })
            {
                var group = Enumerable.Range(0, items.Count).Where(n => isAi(items[n]) == label && isClip(items[n]) == clip)
                    .OrderBy(n => ItemDraws.For(seed, "kind balance\n" + key(items[n])).Next())
                    .ThenBy(n => key(items[n]), StringComparer.Ordinal);
                foreach (var n in group.Take(count))
                {
                    keep[n] = true;
                }
            }
        }

        return [.. items.Where((_, n) => keep[n])];
    }

    private sealed record KindCounts(int Stills, int Clips)
    {
        public int Total => Stills + Clips;

        public double ClipShare => (double)Clips / Total;
    }

    private static KindCounts Counts<T>(IEnumerable<T> items, Func<T, bool> isClip)
    {
        var clips = items.Count(isClip);
        return new KindCounts(items.Count() - clips, clips);
    }

    /// <summary>The most of <paramref name="counts"/> that can be kept with a clip share of <paramref name="share"/>.</summary>
    private static KindCounts Matched(KindCounts counts, double share) => share switch
    {
        <= 0 => counts with { Clips = 0 },
        >= 1 => counts with { Stills = 0 },
        // Too few clips for the share: keep them all, and only as many stills as it allows; and the other way round.
        _ when share >= counts.ClipShare => counts with { Stills = Math.Min(counts.Stills, (int)Math.Round(counts.Clips * (1 - share) / share)) },
        _ => counts with { Clips = Math.Min(counts.Clips, (int)Math.Round(counts.Stills * share / (1 - share))) },
    };
}
