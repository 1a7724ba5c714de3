using Verifier.Detector.Training.Data;

namespace Verifier.Detector.Training.Tests.Data;

/// <summary>
/// Items derived from a real original (fakes that keep its source) follow their source in a split, instead of joining
/// every source their family spans into one group.
/// </summary>
[TestClass]
public sealed class DerivedItemSplitTests
{
    [TestMethod]
    public void A_derived_family_spanning_every_real_source_still_lets_real_families_be_held_out()
    {
        var items = new List<CorpusItem>();
        for (var s = 0; s < 6; s++)
        {
            items.Add(new CorpusItem($"/r{s}.jpg", false, "image", $"camera {s}", $"github:real/{s}@a.jpg"));
            items.Add(new CorpusItem($"/g{s}.png", true, "image", $"generator {s}", $"github:gen/{s}@a.png"));
            items.Add(new CorpusItem($"/f{s}.png", true, "image", "pseudo-fake: upsample nearest", $"github:real/{s}@a.jpg") { DerivedFrom = $"data/r{s}.jpg" });
        }

        for (var seed = 0; seed < 5; seed++)
        {
            var split = FamilySplit.Split(items, 0.3, seed);
            var validation = split.Validation.Select(i => i.Path).ToHashSet();
            Assert.IsTrue(split.Validation.Any(i => !i.IsAi), $"seed {seed}: no real family held out");
            for (var s = 0; s < 6; s++)
            {
                Assert.AreEqual(validation.Contains($"/r{s}.jpg"), validation.Contains($"/f{s}.png"), $"seed {seed}: fake {s} left its original");
            }
        }

        // The same items without the derivation mark weld into one group, and the split cannot hold a real family out.
        var undeclared = items.Select(i => i with { DerivedFrom = null }).ToList();
        Assert.ThrowsExactly<CorpusException>(() => FamilySplit.Split(undeclared, 0.3, 0));
    }
}
