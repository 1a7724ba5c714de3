using System.Diagnostics;
using Verifier.Cli.Tests.Support;
using Verifier.Detector.Model;

namespace Verifier.Cli.Tests;

/// <summary>
/// <c>verifier train detector</c>: a seconds-long run of the tiny net on a tiny real/ + ai/ corpus made by ffmpeg
/// (noise for "real", noise upsampled 2x by nearest neighbour for "AI") writes a model and card; usage errors are 64.
/// </summary>
[TestClass]
public sealed class TrainCommandTests
{
    [TestMethod]
    public void TrainsATinyNetAndWritesTheModelAndCard()
    {
        var corpus = TinyCorpus(48, 40);
        var output = Path.Combine(Temp.Dir(), "models", "tiny");
        var run = new CliRun().Run("train", "detector", "--data", corpus, "--out", output, "--net", "tiny", "--tile-size", "16",
            "--epochs", "2", "--tiles-per-image", "4", "--batch-size", "8", "--device", "cpu", "--seed", "4", "--family-weight", "0.5");

        Assert.AreEqual(ExitCodes.Trusted, run.ExitCode, run.Output + run.Error);
        StringAssert.Contains(run.Output, "epoch 2/2");
        StringAssert.Contains(run.Output, "held out");
        StringAssert.Contains(run.Output, $"Wrote {output}.onnx");
        var card = ModelCard.Load(output + ".json");
        Assert.AreEqual("tiny", card.Name);
        Assert.AreEqual(16, card.TileSize);
        Assert.HasCount(2, card.HeldOutFamilies, "one family of each label held out");
        // One AI family is held out, so the head tells real from the other one; the held-out family is not a class.
        var trainedAi = new[] { "genA", "genB" }.Single(f => !card.HeldOutFamilies.Any(h => h.Name == f));
        CollectionAssert.AreEqual(new[] { "real", trainedAi }, card.FamilyHead!.Classes.ToArray());
        Assert.AreEqual(0.5, card.FamilyHead.Weight);
        StringAssert.Contains(run.Output, "family head: 2 classes");
        Assert.IsTrue(new FileInfo(output + ".onnx").Length > 1000);
        Assert.AreEqual(
            $"verifier train detector --data {corpus} --out {output} --net tiny --tile-size 16 --epochs 2 --tiles-per-image 4 --batch-size 8 --device cpu --seed 4 --family-weight 0.5",
            card.Training?.Command);
        Assert.IsNull(card.Training!.Backbone);
    }

    [TestMethod]
    public void TrainsAProbeOnThePretrainedBackboneAndSaysSoInTheCard()
    {
        var corpus = TinyCorpus(64, 64);
        var output = Path.Combine(Temp.Dir(), "probe");
        var run = new CliRun().Run("train", "detector", "--data", corpus, "--out", output, "--net", "probe", "--tile-size", "32",
            "--epochs", "1", "--tiles-per-image", "2", "--batch-size", "8", "--device", "cpu");

        Assert.AreEqual(ExitCodes.Trusted, run.ExitCode, run.Output + run.Error);
        var card = ModelCard.Load(output + ".json");
        StringAssert.StartsWith(card.Training?.Backbone, "mobilenet-v2: MobileNetV2 1.0, ImageNet-pretrained");
        // The frozen backbone travels inside the ONNX model (0.5 M weights as float), so the scanner needs nothing else.
        Assert.IsGreaterThan(2_000_000L, new FileInfo(output + ".onnx").Length);
        var scan = new CliRun().Run("scan", Directory.GetFiles(corpus, "*.png", SearchOption.AllDirectories)[0], "--model", output + ".onnx", "--json");
        Assert.AreEqual(0, scan.ExitCode, scan.Output + scan.Error);
        Assert.IsInRange(0.0, 1.0, (double)System.Text.Json.Nodes.JsonNode.Parse(scan.OutputLines.Single())!["p_ai"]!);

        var mismatch = new CliRun().Run("train", "detector", "--data", corpus, "--out", output, "--net", "probe", "--backbone", "none");
        Assert.AreEqual(ExitCodes.Usage, mismatch.ExitCode);
        StringAssert.Contains(mismatch.Error, "--net probe");
        var badTile = new CliRun().Run("train", "detector", "--data", corpus, "--out", output, "--backbone", "mobilenet-v2", "--net", "tiny", "--tile-size", "24");
        Assert.AreEqual(ExitCodes.Usage, badTile.ExitCode);
        StringAssert.Contains(badTile.Error, "multiple of 16");
    }

    [TestMethod]
    public void UsageErrorsExit64AndNameTheProblem()
    {
        var missing = Path.Combine(Temp.Dir(), "no-such-corpus");
        var output = Path.Combine(Temp.Dir(), "m");

        var noData = new CliRun().Run("train", "detector", "--out", output);
        Assert.AreEqual(ExitCodes.Usage, noData.ExitCode);

        var badDevice = new CliRun().Run("train", "detector", "--data", missing, "--out", output, "--device", "tpu");
        Assert.AreEqual(ExitCodes.Usage, badDevice.ExitCode);

        // No CUDA in the CPU libtorch: refused before any decoding starts (the corpus is not even looked at).
        var noCuda = new CliRun().Run("train", "detector", "--data", missing, "--out", output, "--device", "cuda");
        Assert.AreEqual(ExitCodes.Usage, noCuda.ExitCode);
        StringAssert.Contains(noCuda.Error, "--device cuda");

        var badTile = new CliRun().Run("train", "detector", "--data", missing, "--out", output, "--tile-size", "100");
        Assert.AreEqual(ExitCodes.Usage, badTile.ExitCode);
        StringAssert.Contains(badTile.Error, "--tile-size 100");

        var badWeight = new CliRun().Run("train", "detector", "--data", missing, "--out", output, "--family-weight", "-1");
        Assert.AreEqual(ExitCodes.Usage, badWeight.ExitCode);
        StringAssert.Contains(badWeight.Error, "--family-weight -1");

        var noCorpus = new CliRun().Run("train", "detector", "--data", missing, "--out", output, "--net", "tiny", "--tile-size", "16");
        Assert.AreEqual(ExitCodes.Usage, noCorpus.ExitCode);
        StringAssert.Contains(noCorpus.Error, missing);
        Assert.IsFalse(File.Exists(output + ".onnx"));
    }

    /// <summary>Two files in each of two families per label: noise for "real", noise upsampled 2x by nearest neighbour for "AI".</summary>
    private static string TinyCorpus(int width, int height)
    {
        var corpus = Temp.Dir();
        var seed = 0;
        foreach (var (folder, upsampled) in new[] { ("real/camA", false), ("real/camB", false), ("ai/genA", true), ("ai/genB", true) })
        {
            for (var n = 0; n < 2; n++)
            {
                var path = Path.Combine(corpus, folder, $"{n}.png");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var filter = upsampled
                    ? $"color=c=gray:s={width / 2}x{height / 2},noise=alls=80:all_seed={++seed},scale={width}:{height}:flags=neighbor"
                    : $"color=c=gray:s={width}x{height},noise=alls=80:all_seed={++seed}";
                Ffmpeg("-f", "lavfi", "-i", filter, "-frames:v", "1", path);
            }
        }

        return corpus;
    }

    private static void Ffmpeg(params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg", ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", .. args]) { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, errors);
    }
}
