using Verifier.Cli.Tests.Support;
using Verifier.Fuzz;
using Verifier.Fuzz.Loop;

namespace Verifier.Fuzz.Tests;

/// <summary>
/// CI's short deterministic pass: every fuzz target's in-process loop over its committed seed corpus plus a few hundred
/// mutations, so neither the harness nor a parser's contract can rot between real fuzzing campaigns.
/// </summary>
[TestClass]
public sealed class HarnessSmokeTests
{
    private const int Mutations = 300;

    public static IEnumerable<object[]> Targets() => FuzzTargets.All.Select(t => new object[] { t.Name });

    private static IReadOnlyList<byte[]> Seeds(string target) => Corpus.Load(Path.Combine(RepoRoot.Path, "fuzz", "corpus", target));

    [TestMethod]
    [DynamicData(nameof(Targets))]
    public void MutatedSeedsKeepTheParsersContract(string name)
    {
        var target = FuzzTargets.Find(name)!;
        var seeds = Seeds(name);
        var report = new MutationLoop(target, seeds).Run(seeds.Count + Mutations, seed: 20261122);

        Assert.AreEqual(seeds.Count + Mutations, report.Execs);
        Assert.IsEmpty(report.Findings, string.Join("\n\n", report.Findings.Select(f => $"{f.Kind} {f.Signature}: {f.Message}")));
    }

    /// <summary>Seeds that the parser refuses outright would leave the fuzzer scratching the surface.</summary>
    [TestMethod]
    [DynamicData(nameof(Targets))]
    public void SomeSeedsParseAllTheWay(string name)
    {
        var target = FuzzTargets.Find(name)!;
        var accepted = Seeds(name).Count(target.Execute);
        Assert.IsGreaterThan(0, accepted, $"no seed of {name} gives a result");
    }

    [TestMethod]
    public void EveryTargetHasACorpusAndTheCorpusStaysSmall()
    {
        long total = 0;
        foreach (var target in FuzzTargets.All)
        {
            var files = Directory.GetFiles(Path.Combine(RepoRoot.Path, "fuzz", "corpus", target.Name));
            Assert.IsNotEmpty(files, target.Name);
            total += files.Sum(f => new FileInfo(f).Length);
        }

        Assert.IsLessThan(2L * 1024 * 1024, total, "the seed corpora are committed: keep them under 2 MB");
    }
}
