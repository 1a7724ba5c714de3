using Verifier.Cli.Tests.Support;
using Verifier.Detector.Tests.Support;
using Verifier.Detector.Training.Data;

namespace Verifier.Cli.Tests;

/// <summary><c>verifier corpus fakes</c>: usage errors, and a run over a tiny corpus with a broken file (exit 2, named).</summary>
[TestClass]
public sealed class CorpusFakesCommandTests
{
    [TestMethod]
    public void An_unknown_kind_or_a_missing_folder_is_a_usage_error()
    {
        using var temp = new TempFolder();
        var run = new CliRun().Run("corpus", "fakes", "--data", temp.Path, "--out", temp.File("out"), "--kinds", "upsample,sora");
        Assert.AreEqual(ExitCodes.Usage, run.ExitCode);
        StringAssert.Contains(run.Error, "sora");

        run = new CliRun().Run("corpus", "fakes", "--data", temp.File("missing"), "--out", temp.File("out"));
        Assert.AreEqual(ExitCodes.Usage, run.ExitCode);
        StringAssert.Contains(run.Error, "missing");
    }

    [TestMethod]
    public void Both_kinds_make_a_manifest_of_ai_items_and_name_the_skipped_file()
    {
        using var temp = new TempFolder();
        var real = Path.Combine(temp.Path, "data", "real", "camera");
        Directory.CreateDirectory(real);
        Ffmpeg.Still(Path.Combine(real, "still.png"), "testsrc2=size=64x48,format=rgb24");
        File.WriteAllText(Path.Combine(real, "broken.jpg"), "not a picture");
        Directory.CreateDirectory(Path.Combine(temp.Path, "data", "ai", "gen"));
        Ffmpeg.Still(Path.Combine(temp.Path, "data", "ai", "gen", "fake.png"), "testsrc=size=64x48,format=rgb24");

        var run = new CliRun().Run("corpus", "fakes", "--data", temp.File("data"), "--out", temp.File("out"), "--kinds", "upsample,reconstruct",
            "--generator", Path.Combine(RepoRoot.Path, "models", "gen"), "--per-item", "2", "--threads", "1");

        Assert.AreEqual(ExitCodes.Refused, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, "broken.jpg");
        StringAssert.Contains(run.Output, "Wrote 3 fakes of 2 real items");
        var fakes = Corpus.Load(temp.File("out"));
        Assert.AreEqual(3, fakes.Count);
        Assert.IsTrue(fakes.All(f => f.IsAi && f.Source == "real/camera" && f.DerivedFrom == "data/real/camera/still.png"));
        Assert.AreEqual(1, fakes.Count(f => f.Family == "aligned fake: verifier generator reconstruct"));
    }
}
