using Verifier.Detector.Training.Data;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Detector.Training.Tests.Data;

/// <summary>Splits keep every family, and every source repository, on one side; the seed alone decides the split.</summary>
[TestClass]
public sealed class FamilySplitTests
{
    [TestMethod]
    public void SharedCorpusSplitsByFamilyAndSourceWithBothLabelsOnEachSide()
    {
        var items = Corpus.Load(SharedFolder.Data);

        var split = FamilySplit.Split(items, 0.25, seed: 7);

        Assert.AreEqual(items.Count, split.Train.Count + split.Validation.Count);
        var trainFamilies = split.Train.Select(i => (i.IsAi, i.Family)).ToHashSet();
        Assert.IsFalse(split.Validation.Any(i => trainFamilies.Contains((i.IsAi, i.Family))), "a family is on both sides");
        var trainRepos = split.Train.Select(i => i.Source.Split('@')[0]).Where(r => r.Length > 0).ToHashSet();
        Assert.IsFalse(split.Validation.Any(i => trainRepos.Contains(i.Source.Split('@')[0])), "a source repository is on both sides");
        foreach (var side in new[] { split.Train, split.Validation })
        {
            Assert.IsTrue(side.Any(i => i.IsAi) && side.Any(i => !i.IsAi), "each side needs both labels");
        }

        var heldOutAi = split.ValidationFamilies.Where(f => f.IsAi).ToArray();
        Assert.IsNotEmpty(heldOutAi);
        Assert.AreEqual(split.Validation.Count(i => i.IsAi), heldOutAi.Sum(f => f.Items));
        var aiShare = (double)split.Validation.Count(i => i.IsAi) / items.Count(i => i.IsAi);
        Assert.IsInRange(0.1, 0.6, aiShare);
    }

    [TestMethod]
    public void TheSeedAloneDecidesTheSplit()
    {
        var items = Corpus.Load(SharedFolder.Data);
        var reversed = items.Reverse().ToArray();

        var a = FamilySplit.Split(items, 0.25, seed: 1);
        var b = FamilySplit.Split(reversed, 0.25, seed: 1);
        var others = Enumerable.Range(2, 5).Select(seed => FamilySplit.Split(items, 0.25, seed)).ToArray();

        CollectionAssert.AreEquivalent(a.ValidationFamilies.ToArray(), b.ValidationFamilies.ToArray(), "input order changed the split");
        Assert.IsTrue(others.Any(o => !o.ValidationFamilies.SequenceEqual(a.ValidationFamilies)), "every seed gave the same split");
    }

    [TestMethod]
    public void AnAiFamilyShareKeepsWholeGeneratorsAndEveryRealItem()
    {
        CorpusItem[] items =
        [
            .. Enumerable.Range(0, 12).Select(n => new CorpusItem($"/c/ai{n}", true, "image", $"gen{n % 6}", "")),
            .. Enumerable.Range(0, 5).Select(n => new CorpusItem($"/c/real{n}", false, "image", $"cam{n % 3}", "")),
        ];

        var half = FamilySplit.WithAiFamilyShare(items, 0.5, seed: 4);

        var kept = half.Where(i => i.IsAi).GroupBy(i => i.Family).ToArray();
        Assert.HasCount(3, kept, "half of six generators");
        Assert.IsTrue(kept.All(g => g.Count() == 2), "a generator was cut in two");
        Assert.AreEqual(5, half.Count(i => !i.IsAi), "a real item was dropped");
        CollectionAssert.AreEquivalent(half.ToArray(), FamilySplit.WithAiFamilyShare([.. items.Reverse()], 0.5, 4).ToArray(), "input order changed the draw");
        Assert.IsTrue(Enumerable.Range(5, 10).Any(seed => !FamilySplit.WithAiFamilyShare(items, 0.5, seed).SequenceEqual(half)), "every seed drew the same generators");
        Assert.HasCount(items.Length, FamilySplit.WithAiFamilyShare(items, 1, 4));
        Assert.AreEqual(1, FamilySplit.WithAiFamilyShare(items, 0.01, 4).Where(i => i.IsAi).Select(i => i.Family).Distinct().Count(), "at least one generator stays");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FamilySplit.WithAiFamilyShare(items, 0, 4));
    }

    [TestMethod]
    public void FamiliesJoinedBySourceStayTogether()
    {
        CorpusItem[] items =
        [
            new("/c/1", true, "image", "A", "github:one/repo@x"), new("/c/2", true, "image", "B", "github:one/repo@y"),
            new("/c/3", true, "image", "C", "github:two/repo@z"), new("/c/4", false, "image", "cam1", "github:three@r"),
            new("/c/5", false, "image", "cam2", "github:four@r"),
        ];

        for (var seed = 0; seed < 20; seed++)
        {
            var split = FamilySplit.Split(items, 0.4, seed);
            var validationFamilies = split.Validation.Select(i => i.Family).ToHashSet();
            Assert.AreEqual(validationFamilies.Contains("A"), validationFamilies.Contains("B"), $"seed {seed}: A and B share a repository");
        }
    }

    [TestMethod]
    public void OneFamilyPerLabelCannotBeSplit()
    {
        CorpusItem[] items = [new("/c/1", true, "image", "A", ""), new("/c/2", true, "image", "A", ""), new("/c/3", false, "image", "cam", "")];
        var error = Assert.ThrowsExactly<CorpusException>(() => FamilySplit.Split(items, 0.3, 1));
        StringAssert.Contains(error.Message, "by family");
    }
}
