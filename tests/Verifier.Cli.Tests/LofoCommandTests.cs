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

    [TestMethod]
    public void ImpossibleFoldsAndAForeignTileCacheExit64()
    {
        var corpus = Corpus();
        var output = Path.Combine(Temp.Dir(), "lofo");

        var one = new CliRun().Run("train", "lofo", "--data", corpus, "--out", output, "--folds", "1");
        Assert.AreEqual(ExitCodes.Usage, one.ExitCode);
        StringAssert.Contains(one.Error, "--folds 1");

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
