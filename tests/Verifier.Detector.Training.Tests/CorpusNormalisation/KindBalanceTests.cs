using Verifier.Detector.Training.CorpusNormalisation;

namespace Verifier.Detector.Training.Tests.CorpusNormalisation;

/// <summary><see cref="KindBalance"/> on the counts of ../shared/data and on small hand-checked cases.</summary>
[TestClass]
public sealed class KindBalanceTests
{
    private sealed record Entry(string Key, bool IsAi, bool IsClip);

    [TestMethod]
    public void TheSharedCorpusCountsEndWithEqualClipSharesKeepingTheMostItems()
    {
        // ../shared/data: AI 63 stills + 83 clips (57% clips), real 175 stills + 69 clips (28%).
        var items = Make(true, 63, 83).Concat(Make(false, 175, 69)).ToArray();

        var kept = KindBalance.Keep(items, e => e.IsAi, e => e.IsClip, e => e.Key, seed: 1);

        // By hand: matching AI to the real share keeps 63 AI stills and round(63 * 69 / 175) = 25 AI clips, 63 + 25 + 244 = 332
        // items; matching real to the AI share would keep 69 clips and round(69 * 63 / 83) = 52 real stills, 146 + 121 = 267.
        Assert.AreEqual(63, kept.Count(e => e.IsAi && !e.IsClip));
        Assert.AreEqual(25, kept.Count(e => e.IsAi && e.IsClip));
        Assert.AreEqual(175, kept.Count(e => !e.IsAi && !e.IsClip));
        Assert.AreEqual(69, kept.Count(e => !e.IsAi && e.IsClip));
        CollectionAssert.AreEqual(items.Where(kept.Contains).ToArray(), kept.ToArray(), "kept items stay in corpus order");
    }

    [TestMethod]
    public void TheSeedPicksWhichItemsGoAndTheSameSeedPicksTheSame()
    {
        var items = Make(true, 10, 30).Concat(Make(false, 30, 10)).ToArray();

        var first = KindBalance.Keep(items, e => e.IsAi, e => e.IsClip, e => e.Key, seed: 1);

        CollectionAssert.AreEqual(first.ToArray(), KindBalance.Keep(items, e => e.IsAi, e => e.IsClip, e => e.Key, seed: 1).ToArray());
        Assert.IsTrue(Enumerable.Range(2, 10).Any(seed =>
            !first.SequenceEqual(KindBalance.Keep(items, e => e.IsAi, e => e.IsClip, e => e.Key, seed))), "another seed leaves out other items");
        // By hand: AI 75% clips, real 25%. Matching real to 75% keeps its 10 clips and round(10 * 0.25 / 0.75) = 3 stills; matching AI
        // to 25% keeps its 10 stills and 3 clips; both keep 53 items, and the tie goes to the first.
        Assert.AreEqual(53, first.Count);
        Assert.AreEqual(3, first.Count(e => !e.IsAi && !e.IsClip));
        Assert.AreEqual(40, first.Count(e => e.IsAi));
    }

    [TestMethod]
    public void EqualSharesAndOneLabelCorporaAreLeftWhole()
    {
        var equal = Make(true, 4, 2).Concat(Make(false, 8, 4)).ToArray();
        var oneLabel = Make(true, 3, 9).ToArray();

        Assert.HasCount(equal.Length, KindBalance.Keep(equal, e => e.IsAi, e => e.IsClip, e => e.Key, 1));
        Assert.HasCount(oneLabel.Length, KindBalance.Keep(oneLabel, e => e.IsAi, e => e.IsClip, e => e.Key, 1));
    }

    private static IEnumerable<Entry> Make(bool isAi, int stills, int clips) =>
        Enumerable.Range(0, stills).Select(n => new Entry($"{(isAi ? "ai" : "real")}/still{n}", isAi, false))
            .Concat(Enumerable.Range(0, clips).Select(n => new Entry($"{(isAi ? "ai" : "real")}/clip{n}", isAi, true)));
}
