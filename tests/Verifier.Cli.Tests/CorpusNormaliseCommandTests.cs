using System.Text.Json.Nodes;
using Verifier.Cli.Tests.Support;
using Verifier.Detector.Tests.Support;
using Verifier.Detector.Training.Data;

namespace Verifier.Cli.Tests;

/// <summary>
/// <c>verifier corpus normalise</c> (an unreadable file is skipped and named, the rest written and loadable; bad arguments
/// are usage errors) and <c>verifier eval --metadata-only</c> (the baseline alone, without any model).
/// </summary>
[TestClass]
public sealed class CorpusNormaliseCommandTests
{
    [TestMethod]
    public void AnUnreadableFileIsSkippedAndNamedAndTheRestIsWritten()
    {
        using var folder = new TempFolder();
        var corpus = Path.Combine(folder.Path, "corpus");
        Still(corpus, "real/camA/photo.jpg", "testsrc2=s=320x240");
        Still(corpus, "ai/genA/render.png", "testsrc2=s=256x256");
        var broken = Path.Combine(corpus, "ai/genA/broken.mp4");
        File.WriteAllBytes(broken, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);
        var output = Path.Combine(folder.Path, "out");

        var run = new CliRun().Run("corpus", "normalise", "--data", corpus, "--out", output, "--seed", "3", "--threads", "1");

        Assert.AreEqual(2, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, $"skipped {broken}");
        StringAssert.Contains(run.Output, "Wrote 2 files");
        StringAssert.Contains(run.Output, "skipped 1: broken.mp4");
        var items = Corpus.Load(output);
        CollectionAssert.AreEquivalent(
            new[] { Path.Combine(output, "real/camA/photo.jpg"), Path.Combine(output, "ai/genA/render.jpg") }, items.Select(i => i.Path).ToArray());
        Assert.IsFalse(File.Exists(Path.Combine(output, "ai/genA/broken.mp4")));
        Assert.IsEmpty(Directory.EnumerateFiles(output, "*partial*", SearchOption.AllDirectories), "no temporary file is left");
    }

    [TestMethod]
    public void AnOutputInsideTheCorpusAndZeroThreadsAreUsageErrors()
    {
        using var folder = new TempFolder();
        Still(folder.Path, "real/camA/photo.jpg", "testsrc2=s=320x240");

        var inside = new CliRun().Run("corpus", "normalise", "--data", folder.Path, "--out", Path.Combine(folder.Path, "real", "copy"));
        var threads = new CliRun().Run("corpus", "normalise", "--data", folder.Path, "--out", Path.Combine(folder.Path, "..", "x"), "--threads", "0");

        Assert.AreEqual(64, inside.ExitCode, inside.Error);
        StringAssert.Contains(inside.Error, "must lie outside the corpus");
        Assert.IsFalse(Directory.Exists(Path.Combine(folder.Path, "real", "copy")), "nothing is made inside the corpus");
        Assert.AreEqual(64, threads.ExitCode, threads.Error);
        StringAssert.Contains(threads.Error, "--threads 0");
    }

    [TestMethod]
    public void MetadataOnlyEvalNeedsNoModelAndPrintsTheBaselineWithItsWeights()
    {
        using var folder = new TempFolder();
        // Two families a label, the format alone tells them apart: AI PNG squares, real 4:3 JPEGs.
        foreach (var family in new[] { "A", "B" })
        {
            for (var n = 0; n < 3; n++)
            {
                Still(folder.Path, $"ai/gen{family}/{n}.png", $"testsrc2=s=512x512,hue=h={n * 40}");
                Still(folder.Path, $"real/cam{family}/{n}.jpg", $"testsrc2=s=640x480,hue=h={n * 40}");
            }
        }

        var json = new CliRun().Run("eval", "--data", folder.Path, "--metadata-only", "--json", "--model", Path.Combine(folder.Path, "none.onnx"));
        var human = new CliRun().Run("eval", "--data", folder.Path, "--metadata-only");

        Assert.AreEqual(0, json.ExitCode, json.Error);
        var baseline = JsonNode.Parse(json.OutputLines.Single())!;
        // One family a label is tested (a seeded family split of 4 groups), 3 files each; PNG vs JPEG separates them fully.
        Assert.AreEqual(6, (int)baseline["test_files"]!);
        Assert.AreEqual(1.0, (double)baseline["auc"]!, 1e-9);
        Assert.IsNull(baseline["model_auc_same_files"], "no model was read");
        Assert.IsGreaterThan(0.0, (double)baseline["weights"]!["container png"]!, "PNG leans AI");
        Assert.IsLessThan(0.0, (double)baseline["weights"]!["container jpg"]!, "JPEG leans real");
        Assert.AreEqual(0, human.ExitCode, human.Error);
        StringAssert.Contains(human.Output, "Metadata-only baseline (fitted and tested on the two sides of a seeded family split");
        StringAssert.Contains(human.Output, "container png");
    }

    private static void Still(string root, string relative, string graph)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Ffmpeg.Still(path, graph);
    }
}
