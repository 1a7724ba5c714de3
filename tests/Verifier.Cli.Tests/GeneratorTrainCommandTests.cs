using Verifier.Cli.Tests.Support;
using Verifier.Detector.Tests.Support;
using Verifier.Generator;

namespace Verifier.Cli.Tests;

/// <summary>
/// <c>verifier train generator</c>: a seconds-long run of the tiny configuration on two ffmpeg-made real clips writes
/// the model, its card, sample grids and checkpoints; a longer rerun resumes from the checkpoints; a clip cache written
/// by one run trains another once the corpus is gone, and is refused for another corpus or model; usage errors are 64.
/// </summary>
[TestClass]
public sealed class GeneratorTrainCommandTests
{
    [TestMethod]
    public void TrainsTheTinyGeneratorAndResumes()
    {
        var corpus = TwoClipCorpus("testsrc", "smptebars");
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
    public void TrainsFromAClipCacheAloneOnceTheCorpusIsGone()
    {
        var corpus = TwoClipCorpus("testsrc", "smptebars");
        var cache = Path.Combine(Temp.Dir(), "clips", "tiny.bin");
        string[] common = ["train", "generator", "--config", "tiny", "--device", "cpu", "--batch-size", "2", "--sample-every", "0",
            "--checkpoint-every", "2", "--clips-per-file", "2", "--threads", "1", "--steps", "2", "--clips", cache];

        var cut = new CliRun().Run([.. common, "--data", corpus, "--out", Path.Combine(Temp.Dir(), "gen")]);
        Assert.AreEqual(ExitCodes.Trusted, cut.ExitCode, cut.Output + cut.Error);
        StringAssert.Contains(cut.Output, "cut 4 clips of 5 frames at 32x32 from 2 real videos");
        StringAssert.Contains(cut.Output, $"clips: wrote 4 to the cache {cache}");
        var written = File.ReadAllBytes(cache);

        // What the GPU machine has: the cache, no corpus.
        Directory.Delete(corpus, recursive: true);
        var output = Path.Combine(Temp.Dir(), "gen");
        var fromCache = new CliRun().Run([.. common, "--out", output]);

        Assert.AreEqual(ExitCodes.Trusted, fromCache.ExitCode, fromCache.Output + fromCache.Error);
        StringAssert.Contains(fromCache.Output, $"clips: read 4 clips of 5 frames at 32x32 from the cache {cache}; no corpus decoded");
        Assert.IsFalse(fromCache.Output.Contains("cut ", StringComparison.Ordinal), fromCache.Output);
        StringAssert.Contains(fromCache.Output, "transformer step 2/2 loss");
        Assert.AreEqual((2, 2), (GeneratorCard.Read(output).AutoencoderSteps, GeneratorCard.Read(output).TransformerSteps));

        // Another corpus, or another model's clip shape, is refused and the cache left as it was.
        var other = TwoClipCorpus("testsrc2", "rgbtestsrc");
        var otherCorpus = new CliRun().Run([.. common, "--data", other, "--out", Path.Combine(Temp.Dir(), "gen")]);
        var otherModel = new CliRun().Run([.. common.Select(a => a == "tiny" ? "default" : a), "--out", Path.Combine(Temp.Dir(), "gen")]);

        Assert.AreEqual(ExitCodes.Usage, otherCorpus.ExitCode, otherCorpus.Output);
        StringAssert.Contains(otherCorpus.Error, cache);
        StringAssert.Contains(otherCorpus.Error, "cut from another corpus");
        Assert.AreEqual(ExitCodes.Usage, otherModel.ExitCode, otherModel.Output);
        StringAssert.Contains(otherModel.Error, "this model needs 17 frames at 64x64");
        CollectionAssert.AreEqual(written, File.ReadAllBytes(cache));
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
        var nothing = new CliRun().Run("train", "generator", "--out", output, "--device", "cpu");
        var noCache = new CliRun().Run("train", "generator", "--clips", missing, "--out", output, "--device", "cpu");

        Assert.AreEqual(ExitCodes.Usage, noCuda.ExitCode);
        StringAssert.Contains(noCuda.Error, "--device cuda");
        Assert.AreEqual(ExitCodes.Usage, noCorpus.ExitCode);
        StringAssert.Contains(noCorpus.Error, missing);
        Assert.AreEqual(ExitCodes.Usage, badStage.ExitCode);
        Assert.AreEqual(ExitCodes.Usage, noVae.ExitCode, noVae.Error);
        Assert.AreEqual(ExitCodes.Usage, nothing.ExitCode, nothing.Output);
        StringAssert.Contains(nothing.Error, "give --data DIR or --clips FILE");
        Assert.AreEqual(ExitCodes.Usage, noCache.ExitCode, noCache.Output);
        StringAssert.Contains(noCache.Error, $"{missing}: no such clip cache, and no corpus (--data DIR) to cut it from");
        Assert.IsFalse(Directory.Exists(output));
    }

    /// <summary>A corpus of two 3-second real clips from ffmpeg's test sources, one camera family.</summary>
    private static string TwoClipCorpus(string first, string second)
    {
        var corpus = Temp.Dir();
        foreach (var (name, source) in new[] { ("a", first), ("b", second) })
        {
            var path = Path.Combine(corpus, "real", "cam", $"{name}.mp4");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Ffmpeg.Animation(path, $"{source}=size=64x48:rate=10:duration=3,format=yuv420p");
        }

        return corpus;
    }
}
