using Verifier.Detector.Training.Data;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Detector.Training.Tests.Data;

/// <summary>
/// Leave-one-family-out folds: every AI family group is held out exactly once, every fold holds out real groups too,
/// the two sides of a fold share no family and no source repository, and the seed alone decides the deal.
/// </summary>
[TestClass]
public sealed class LofoFoldsTests
{
    // AI groups by construction: {A, B} (one repository), {C}, {D, real cam-d} (an AI output beside its real input), {E}, {F}: 5.
    // Real-only groups: cam1, cam2, cam3, {cam4, cam5} (one repository): 4.
    private static readonly CorpusItem[] Items =
    [
        new("/c/a1", true, "image", "A", "github:one/repo@a1"), new("/c/a2", true, "image", "A", "github:one/repo@a2"),
        new("/c/b1", true, "video", "B", "github:one/repo@b1"), new("/c/c1", true, "image", "C", "github:two/repo@c1"),
        new("/c/d1", true, "video", "D", "github:three/repo@out.mp4"), new("/c/d0", false, "image", "cam-d", "github:three/repo@in.jpg"),
        new("/c/e1", true, "image", "E", string.Empty), new("/c/e2", true, "image", "E", string.Empty),
        new("/c/f1", true, "image", "F", "hf:f/space@1"),
        new("/c/r1", false, "image", "cam1", "github:r1/x@1"), new("/c/r2", false, "image", "cam2", "github:r2/x@1"),
        new("/c/r3", false, "image", "cam3", string.Empty), new("/c/r4", false, "video", "cam4", "github:r45/x@1"),
        new("/c/r5", false, "image", "cam5", "github:r45/x@2"),
    ];

    private static readonly string[][] AiGroups = [["A", "B"], ["C"], ["D"], ["E"], ["F"]];

    [TestMethod]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(4)]
    public void EveryAiGroupIsHeldOutOnceAndEveryFoldHoldsOutRealFiles(int k)
    {
        var folds = LofoFolds.Make(Items, k, seed: 3);

        Assert.HasCount(k, folds);
        foreach (var group in AiGroups)
        {
            var holding = folds.Where(f => f.HeldOut.Any(i => i.IsAi && group.Contains(i.Family))).ToArray();
            Assert.HasCount(1, holding, $"AI group {string.Join("+", group)}");
            Assert.IsTrue(group.All(family => holding[0].HeldOut.Any(i => i.IsAi && i.Family == family)), "a group was split across folds");
        }

        CollectionAssert.AreEquivalent(Items, folds.SelectMany(f => f.HeldOut).ToArray(), "every item is held out exactly once");
        foreach (var fold in folds)
        {
            Assert.AreEqual(Items.Length, fold.Train.Count + fold.HeldOut.Count);
            Assert.IsTrue(fold.HeldOut.Any(i => i.IsAi) && fold.HeldOut.Any(i => !i.IsAi && i.Family.StartsWith("cam", StringComparison.Ordinal)), $"fold {fold.Index}");
            var trainFamilies = fold.Train.Select(i => (i.IsAi, i.Family)).ToHashSet();
            Assert.IsFalse(fold.HeldOut.Any(i => trainFamilies.Contains((i.IsAi, i.Family))), "a family is on both sides");
            var trainRepositories = fold.Train.Select(Repository).Where(r => r.Length > 0).ToHashSet();
            Assert.IsFalse(fold.HeldOut.Any(i => trainRepositories.Contains(Repository(i))), "a source repository is on both sides");
        }

        // The AI output of repository three and its real input go together.
        Assert.AreSame(folds.Single(f => f.HeldOut.Any(i => i.Family == "D")), folds.Single(f => f.HeldOut.Any(i => i.Family == "cam-d")));
    }

    [TestMethod]
    public void AllMeansOneFoldPerAiGroupAndTooManyFoldsAreRefused()
    {
        var moreReal = Items.Append(new CorpusItem("/c/r6", false, "image", "cam6", string.Empty)).ToArray();

        var folds = LofoFolds.Make(moreReal, folds: null, seed: 1);

        Assert.HasCount(AiGroups.Length, folds);
        Assert.IsTrue(folds.All(f => f.HeldOutFamilies.Count(c => c.IsAi) == 1 || f.HeldOut.Any(i => i.Family == "B")));
        Assert.Throws<CorpusException>(() => LofoFolds.Make(Items, folds: null, seed: 1), "5 AI groups, 4 real-only groups");
        Assert.Throws<CorpusException>(() => LofoFolds.Make(moreReal, folds: 6, seed: 1));
        Assert.Throws<CorpusException>(() => LofoFolds.Make(moreReal, folds: 1, seed: 1));
    }

    [TestMethod]
    public void TheSeedAloneDecidesTheFolds()
    {
        static string[] Deal(IReadOnlyList<CorpusItem> items, int seed) =>
            [.. LofoFolds.Make(items, 3, seed).Select(f => string.Join(",", f.HeldOut.Select(i => i.Path).Order(StringComparer.Ordinal)))];

        var a = Deal(Items, 5);

        CollectionAssert.AreEqual(a, Deal([.. Items.Reverse()], 5), "input order changed the folds");
        Assert.IsTrue(Enumerable.Range(6, 6).Any(seed => !Deal(Items, seed).SequenceEqual(a)), "every seed dealt the same folds");
    }

    [TestMethod]
    public void SharedCorpusFoldsKeepFamiliesAndRepositoriesApart()
    {
        var items = Corpus.Load(SharedFolder.Data);

        var folds = LofoFolds.Make(items, 5, seed: 1);

        CollectionAssert.AreEquivalent(items.ToArray(), folds.SelectMany(f => f.HeldOut).ToArray());
        foreach (var fold in folds)
        {
            var trainRepositories = fold.Train.Select(Repository).Where(r => r.Length > 0).ToHashSet();
            Assert.IsFalse(fold.HeldOut.Any(i => trainRepositories.Contains(Repository(i))), $"fold {fold.Index}");
            Assert.IsTrue(fold.HeldOut.Any(i => i.IsAi) && fold.HeldOut.Any(i => !i.IsAi), $"fold {fold.Index}");
        }
    }

    [TestMethod]
    public void FakesOfRealItemsAreTrainedOnButNeverHeldOutAsAFamily()
    {
        // Two pseudo-fakes of real items in two different real groups, one family: they must neither weld those groups
        // nor make them AI groups, and a held-out group is scored on its originals only.
        CorpusItem[] fakes =
        [
            new("/c/f-r1", true, "image", "pseudo-fake: upsample nearest", "github:r1/x@1") { DerivedFrom = "r1" },
            new("/c/f-r4", true, "video", "pseudo-fake: upsample nearest", "github:r45/x@1") { DerivedFrom = "r4" },
        ];

        var folds = LofoFolds.Make([.. Items, .. fakes], folds: 4, seed: 3);

        // Had the fakes made their real groups AI groups, "real" groups would run short of 4 and Make would refuse.
        CollectionAssert.AreEquivalent(
            AiGroups.SelectMany(g => g).ToArray(),
            folds.SelectMany(f => f.HeldOut.Where(i => i.IsAi).Select(i => i.Family)).Distinct().ToArray(),
            "the held-out AI families are the generators' alone");
        foreach (var fold in folds)
        {
            Assert.IsFalse(fold.HeldOut.Any(i => i.DerivedFrom is not null), $"fold {fold.Index} scores a fake");
        }

        foreach (var fake in fakes)
        {
            var original = Items.Single(i => i.Source == fake.Source && i.Path.EndsWith(fake.DerivedFrom!, StringComparison.Ordinal));
            // Trained on exactly where its original is: never beside a fold that holds the original out.
            Assert.IsTrue(folds.All(f => f.Train.Contains(fake) == f.Train.Contains(original)), fake.Path);
        }
    }

    private static string Repository(CorpusItem item) => item.Source.Split('@')[0];
}
