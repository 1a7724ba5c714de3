using Verifier.Cli.Tests.Support;
using Verifier.Detector.Tests.Support;
using Verifier.Generator;

namespace Verifier.Cli.Tests;

/// <summary>
/// <c>verifier train generator</c>: a seconds-long run of the tiny configuration on two ffmpeg-made real clips writes
/// the model, its card, sample grids and checkpoints; a longer rerun resumes from the checkpoints; usage errors are 64.
/// </summary>
[TestClass]
public sealed class GeneratorTrainCommandTests
{
    [TestMethod]
    public void TrainsTheTinyGeneratorAndResumes()
    {
        var corpus = Temp.Dir();
        foreach (var (name, source) in new[] { ("a", "testsrc"), ("b", "smptebars") })
        {
            var path = Path.Combine(corpus, "real", "cam", $"{name}.mp4");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Ffmpeg.Animation(path, $"{source}=size=64x48:rate=10:duration=3,format=yuv420p");
        }

        var output = Path.Combine(Temp.Dir(), "gen");
        string[] common = ["train", "generator", "--data", corpus, "--out", output, "--config", "tiny", "--device", "cpu", "--batch-size", "2",
            "--sample-every", "2", "--checkpoint-every", "1", "--clips-per-file", "2", "--threads", "1"];

        var first = new CliRun().Run([.. common, "--steps", "2"]);
        var resumed = new CliRun().Run([.. common, "--steps", "3"]);

        Assert.AreEqual(ExitCodes.Trusted, first.ExitCode, first.Output + first.Error);
        StringAssert.Contains(first.Output, "cut 4 clips of 5 frames at 32x32 from 2 real videos");
        StringAssert.Contains(first.Output, "autoencoder step 2/2 loss");
        StringAssert.Contains(first.Output, "transformer step 2/2 loss");
        Assert.IsTrue(File.Exists(Path.Combine(output, "samples", "autoencoder-000002.png")));
        Assert.IsTrue(File.Exists(Path.Combine(output, "samples", "transformer-000002.png")));

        Assert.AreEqual(ExitCodes.Trusted, resumed.ExitCode, resumed.Output + resumed.Error);
        StringAssert.Contains(resumed.Output, "autoencoder resumed from");
        StringAssert.Contains(resumed.Output, "after step 2");
        StringAssert.Contains(resumed.Output, "transformer step 3/3");
        var card = GeneratorCard.Read(output);
        Assert.AreEqual((3, 3), (card.AutoencoderSteps, card.TransformerSteps));
        Assert.AreEqual(GeneratorConfig.Tiny.Name, card.Config.Name);
        var (model, _) = GeneratorModel.Load(output);
        model.Dispose();
    }

    [TestMethod]
    public void UsageErrorsExit64AndNameTheProblem()
    {
        var missing = Path.Combine(Temp.Dir(), "no-such-corpus");
        var output = Path.Combine(Temp.Dir(), "gen");

        var noCuda = new CliRun().Run("train", "generator", "--data", missing, "--out", output, "--device", "cuda");
        var noCorpus = new CliRun().Run("train", "generator", "--data", missing, "--out", output, "--device", "cpu");
        var badStage = new CliRun().Run("train", "generator", "--data", missing, "--out", output, "--stage", "gan");
        var noVae = new CliRun().Run("train", "generator", "--data", Temp.Dir(), "--out", output, "--stage", "dit", "--device", "cpu");

        Assert.AreEqual(ExitCodes.Usage, noCuda.ExitCode);
        StringAssert.Contains(noCuda.Error, "--device cuda");
        Assert.AreEqual(ExitCodes.Usage, noCorpus.ExitCode);
        StringAssert.Contains(noCorpus.Error, missing);
        Assert.AreEqual(ExitCodes.Usage, badStage.ExitCode);
        Assert.AreEqual(ExitCodes.Usage, noVae.ExitCode, noVae.Error);
        Assert.IsFalse(Directory.Exists(output));
    }
}
