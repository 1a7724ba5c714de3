using System.Text.Json;
using Verifier.Cli.Tests.Support;
using Verifier.Detector.Tests.Support;

namespace Verifier.Cli.Tests;

/// <summary>
/// <c>verifier train lofo</c>: a seconds-long run over a tiny real/ + ai/ corpus made by ffmpeg (three families per
/// label) prints the per-family table and writes lofo.json and lofo.md; a foreign tile cache and impossible folds are
/// usage errors (64) that name the problem.
/// </summary>
[TestClass]
public sealed class LofoCommandTests
{
    [TestMethod]
    public void RunsEveryFoldAndPrintsTheFamilyTable()
    {
        var corpus = Corpus();
        var output = Path.Combine(Temp.Dir(), "lofo");
        var tiles = Path.Combine(Temp.Dir(), "tiles.bin");

        var run = new CliRun().Run("train", "lofo", "--data", corpus, "--out", output, "--folds", "all", "--tiles", tiles, "--net", "tiny",
            "--tile-size", "16", "--epochs", "1", "--tiles-per-image", "4", "--batch-size", "8", "--device", "cpu", "--seed", "2", "--threads", "1");

        Assert.AreEqual(ExitCodes.Trusted, run.ExitCode, run.Output + run.Error);
        foreach (var family in new[] { "genA", "genB", "genC" })
        {
            Assert.IsTrue(run.OutputLines.Any(l => l.StartsWith($"| {family} |", StringComparison.Ordinal)), run.Output);
        }

        StringAssert.Contains(run.Output, "Mean AUC over families:");
        StringAssert.Contains(run.Output, "Pooled AUC");
        Assert.IsTrue(File.Exists(Path.Combine(output, "lofo.json")) && File.Exists(Path.Combine(output, "lofo.md")));
        Assert.IsTrue(File.Exists(tiles));
    }

    /// <summary>--seeds N runs the protocol once per seed into its own folder, with its own tile cache, and reports the spread.</summary>
    [TestMethod]
    public void SeveralSeedsRunEachIntoItsFolderAndReportTheirMeanAndSpread()
    {
        var corpus = Corpus();
        var output = Path.Combine(Temp.Dir(), "lofo");
        var tiles = Path.Combine(Temp.Dir(), "tiles.bin");

        var run = new CliRun().Run("train", "lofo", "--data", corpus, "--out", output, "--folds", "3", "--tiles", tiles, "--net", "tiny",
            "--tile-size", "16", "--epochs", "1", "--tiles-per-image", "4", "--batch-size", "8", "--device", "cpu", "--seed", "5", "--seeds", "2", "--threads", "1");

        Assert.AreEqual(ExitCodes.Trusted, run.ExitCode, run.Output + run.Error);
        var perSeed = new List<double>();
        foreach (var seed in new[] { 5, 6 })
        {
            using var one = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, $"seed-{seed}", "lofo.json")));
            perSeed.Add(one.RootElement.GetProperty("mean_auc").GetDouble());
            Assert.IsTrue(File.Exists(Path.Combine(Path.GetDirectoryName(tiles)!, $"tiles.seed-{seed}.bin")), $"seed {seed}'s tile cache");
            Assert.IsTrue(run.OutputLines.Any(l => l.StartsWith($"| {seed} | ", StringComparison.Ordinal)), run.Output);
        }

        using var seeds = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "seeds.json")));
        var rows = seeds.RootElement.GetProperty("seeds").EnumerateArray().ToArray();
        CollectionAssert.AreEqual(new[] { 5, 6 }, rows.Select(r => r.GetProperty("seed").GetInt32()).ToArray());
        CollectionAssert.AreEqual(perSeed, rows.Select(r => r.GetProperty("mean_auc").GetDouble()).ToList());
        Assert.AreEqual(perSeed.Average(), seeds.RootElement.GetProperty("mean_auc").GetDouble(), 1e-12);
        Assert.AreEqual(Math.Abs(perSeed[0] - perSeed[1]) / Math.Sqrt(2), seeds.RootElement.GetProperty("mean_auc_sd").GetDouble(), 1e-12);
        Assert.IsTrue(run.OutputLines.Any(l => l.StartsWith("| mean (SD) | ", StringComparison.Ordinal)), run.Output);
        Assert.IsTrue(File.Exists(Path.Combine(output, "seeds.md")));

        var none = new CliRun().Run("train", "lofo", "--data", corpus, "--out", output, "--seeds", "0");
        Assert.AreEqual(ExitCodes.Usage, none.ExitCode);
        StringAssert.Contains(none.Error, "--seeds 0");
    }

    [TestMethod]
    public void ImpossibleFoldsOrSharesAndAForeignTileCacheExit64()
    {
        var corpus = Corpus();
        var output = Path.Combine(Temp.Dir(), "lofo");

        var one = new CliRun().Run("train", "lofo", "--data", corpus, "--out", output, "--folds", "1");
        Assert.AreEqual(ExitCodes.Usage, one.ExitCode);
        StringAssert.Contains(one.Error, "--folds 1");

        var noGenerators = new CliRun().Run("train", "lofo", "--data", corpus, "--out", output, "--ai-family-share", "0");
        Assert.AreEqual(ExitCodes.Usage, noGenerators.ExitCode);
        StringAssert.Contains(noGenerators.Error, "--ai-family-share 0");

        var tooMany = new CliRun().Run("train", "lofo", "--data", corpus, "--out", output, "--folds", "4", "--net", "tiny", "--tile-size", "16", "--device", "cpu");
        Assert.AreEqual(ExitCodes.Usage, tooMany.ExitCode);
        StringAssert.Contains(tooMany.Error, "3 groups of AI families");

        var foreign = Path.Combine(Temp.Dir(), "tiles.bin");
        File.WriteAllText(foreign, "not tiles at all, but long enough to have a header");
        var bad = new CliRun().Run("train", "lofo", "--data", corpus, "--out", output, "--tiles", foreign, "--net", "tiny", "--tile-size", "16", "--device", "cpu", "--folds", "3");
        Assert.AreEqual(ExitCodes.Usage, bad.ExitCode);
        StringAssert.Contains(bad.Error, foreign);
        StringAssert.Contains(bad.Error, "not a tile cache");
        Assert.IsFalse(Directory.Exists(Path.Combine(output, "fold-1")), "a fold started on a bad cache");
    }

    private static string Corpus()
    {
        var corpus = Temp.Dir();
        var seed = 0;
        foreach (var (folder, upsampled) in new[] { ("real/camA", false), ("real/camB", false), ("real/camC", false), ("ai/genA", true), ("ai/genB", true), ("ai/genC", true) })
        {
            var path = Path.Combine(corpus, folder, "0.png");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var filter = upsampled
                ? $"color=c=gray:s=24x20,noise=alls=80:all_seed={++seed},scale=48:40:flags=neighbor"
                : $"color=c=gray:s=48x40,noise=alls=80:all_seed={++seed}";
            Ffmpeg.Still(path, filter);
        }

        return corpus;
    }
}
