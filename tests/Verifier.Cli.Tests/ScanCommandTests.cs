using System.Text.Json.Nodes;
using Verifier.Cli.Commands;
using Verifier.Cli.Tests.Support;
using Verifier.Detector.Tests.Support;

namespace Verifier.Cli.Tests;

/// <summary><c>verifier scan</c> run in-process on real files with a tiny mean-colour model: output, JSON contract, exit codes.</summary>
[TestClass]
public sealed class ScanCommandTests
{
    private const int Tile = 32;

    [TestMethod]
    public void JsonGivesOneContractLinePerFileAndAnErrorLineForAFileThatFailed()
    {
        using var folder = new TempFolder();
        var model = ModelPath(folder);
        var media = Directory.CreateDirectory(folder.File("media")).FullName;
        var clip = Ffmpeg.LosslessClip(Path.Combine(media, "a-red.mp4"), "color=c=0xFF0000:s=64x64:r=10:d=2,format=rgb24");
        var image = Ffmpeg.Still(Path.Combine(media, "b-green.png"), "color=c=0x00FF00:s=64x64,format=rgb24");
        var broken = Path.Combine(media, "c-broken.mp4");
        File.WriteAllText(broken, "not a clip");

        var run = new CliRun().Run("scan", media, "--json", "--model", model);

        Assert.AreEqual(2, run.ExitCode, run.Error);
        Assert.HasCount(3, run.OutputLines, run.Output);
        var red = JsonNode.Parse(run.OutputLines[0])!;
        Assert.AreEqual(clip, (string?)red["file"]);
        Assert.AreEqual("video", (string?)red["media_type"]);
        Assert.AreEqual(ColourModel.Probability(ColourModel.Logit(ColourModel.Red)), (double)red["p_ai"]!, 1e-4);
        Assert.AreEqual("ai", (string?)red["verdict"]);
        Assert.AreEqual(64, ((string?)red["sha256"])!.Length);
        Assert.IsNotEmpty(red["segments"]!.AsArray());
        var frame = red["frames"]![0]!;
        Assert.IsNotNull(frame["t_s"]);
        Assert.AreEqual(4, frame["tiles"]!.AsArray().Count);
        foreach (var key in new[] { "x", "y", "w", "h", "p_ai" })
        {
            Assert.IsNotNull(frame["tiles"]![0]![key], key);
        }

        Assert.AreEqual("NoManifest", (string?)red["provenance"]!["validation_state"]);
        Assert.IsNotNull(red["provenance"]!["digital_source_types"]);
        Assert.AreEqual("tiny-test-detector", (string?)red["model"]!["name"]);
        Assert.AreEqual("verifier", (string?)red["tool"]!["name"]);
        Assert.IsNotNull(red["analyzed_at"]);
        Assert.IsTrue((double)red["timing_ms"]! > 0);

        var green = JsonNode.Parse(run.OutputLines[1])!;
        Assert.AreEqual(image, (string?)green["file"]);
        Assert.AreEqual(("image", "real"), ((string?)green["media_type"], (string?)green["verdict"]));
        Assert.IsEmpty(green["segments"]!.AsArray());

        var failed = JsonNode.Parse(run.OutputLines[2])!.AsObject();
        Assert.AreEqual(broken, (string?)failed["file"]);
        Assert.IsFalse(string.IsNullOrEmpty((string?)failed["error"]));
        Assert.HasCount(2, failed, "just file and error");
        StringAssert.Contains(run.Error, broken);
    }

    [TestMethod]
    public void HumanOutputSaysTheVerdictStrongestSecondsAndProvenanceThenASummary()
    {
        using var folder = new TempFolder();
        var model = ModelPath(folder);
        var clip = Ffmpeg.LosslessClip(folder.File("changes.mp4"),
            "color=c=0x00FF00:s=64x64:r=10:d=1[a];color=c=0xFF0000:s=64x64:r=10:d=1[b];[a][b]concat=n=2:v=1:a=0,format=rgb24");
        var signed = Path.Combine(RepoRoot.Samples, "signed", "ai-generated.jpg");

        var run = new CliRun().Run("scan", clip, signed, "--model", model, "--trust", Path.Combine(RepoRoot.Samples, "root.pem"));

        Assert.AreEqual(0, run.ExitCode, run.Error);
        var lines = run.OutputLines;
        // The file's score weighs the sampled frames (checked in the detector's tests); the words must say it.
        var pClip = (double)JsonNode.Parse(new CliRun().Run("scan", clip, "--json", "--model", model).OutputLines.Single())!["p_ai"]!;
        StringAssert.StartsWith(lines[0], $"{clip}: {Words(pClip)} (p_ai {pClip:0.00})");

        // The red second (1-2 s) is the strongest.
        StringAssert.StartsWith(lines[1], $"strongest seconds: 1-2 s ({ColourModel.Probability(ColourModel.Logit(ColourModel.Red)):0.00}), 0-1 s");
        Assert.AreEqual("provenance: no Content Credentials", lines[2]);
        StringAssert.StartsWith(lines[3], signed + ": ");
        StringAssert.StartsWith(lines[4], "provenance: trusted Content Credentials, signed by ");
        StringAssert.Contains(lines[4], "declared AI-generated (trainedAlgorithmicMedia)");
        StringAssert.Contains(run.Output, "Summary");
        StringAssert.Contains(run.Output, "Trusted");
        Assert.AreEqual(string.Empty, run.Error);
    }

    [TestMethod]
    public void WithoutAModelItSaysWhereItLookedAndHowToGetOne()
    {
        using var folder = new TempFolder();
        var image = Ffmpeg.Still(folder.File("x.png"), "color=c=0x00FF00:s=64x64,format=rgb24");
        var saved = Environment.GetEnvironmentVariable(ModelLocation.EnvironmentVariable);
        Environment.SetEnvironmentVariable(ModelLocation.EnvironmentVariable, null);
        try
        {
            // The build ships a model beside the executable (and these tests), so "none at all" is a folder without one.
            var noModel = Assert.ThrowsExactly<UsageException>(() => ModelLocation.Find(null, null, folder.Path));

            StringAssert.Contains(noModel.Message, Path.Combine(folder.Path, "models", "detector.onnx"));
            StringAssert.Contains(noModel.Message, "verifier train detector");
            StringAssert.Contains(noModel.Message, "--model");

            // $VERIFIER_MODEL comes before the shipped model.
            Environment.SetEnvironmentVariable(ModelLocation.EnvironmentVariable, ModelPath(folder));
            var fromEnvironment = new CliRun().Run("scan", image, "--json");
            Assert.AreEqual(0, fromEnvironment.ExitCode, fromEnvironment.Error);
            Assert.AreEqual("real", (string?)JsonNode.Parse(fromEnvironment.OutputLines.Single())!["verdict"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModelLocation.EnvironmentVariable, saved);
        }
    }

    [TestMethod]
    public void AMissingOrBrokenModelIsAUsageError()
    {
        using var folder = new TempFolder();
        var image = Ffmpeg.Still(folder.File("x.png"), "color=c=0x00FF00:s=64x64,format=rgb24");
        var missing = new CliRun().Run("scan", image, "--model", folder.File("none.onnx"));
        Assert.AreEqual(64, missing.ExitCode);
        StringAssert.Contains(missing.Error, "none.onnx");

        var model = ModelPath(folder);
        File.WriteAllText(Path.ChangeExtension(model, ".json"), "{}");
        var broken = new CliRun().Run("scan", image, "--model", model);
        Assert.AreEqual(64, broken.ExitCode);
        StringAssert.Contains(broken.Error, "colour.json");
    }

    [TestMethod]
    public void DeviceCpuScoresAsAutoAndCudaWithoutTheGpuBuildIsAUsageErrorSayingSo()
    {
        using var folder = new TempFolder();
        var image = Ffmpeg.Still(folder.File("x.png"), "color=c=0x00FF00:s=64x64,format=rgb24");
        var model = ModelPath(folder);

        var cpu = new CliRun().Run("scan", image, "--json", "--model", model, "--device", "cpu");
        var auto = new CliRun().Run("scan", image, "--json", "--model", model);
        var cuda = new CliRun().Run("scan", image, "--model", model, "--device", "cuda");
        var unknown = new CliRun().Run("scan", image, "--model", model, "--device", "tpu");

        Assert.AreEqual(0, cpu.ExitCode, cpu.Error);
        Assert.AreEqual((double)JsonNode.Parse(auto.OutputLines.Single())!["p_ai"]!, (double)JsonNode.Parse(cpu.OutputLines.Single())!["p_ai"]!);
        Assert.AreEqual(64, cuda.ExitCode);
        StringAssert.Contains(cuda.Error, "Microsoft.ML.OnnxRuntime.Gpu");
        Assert.AreEqual(64, unknown.ExitCode);
    }

    [TestMethod]
    public void UsageMistakesExit64()
    {
        Assert.AreEqual(64, new CliRun().Run("scan").ExitCode);
        Assert.AreEqual(64, new CliRun().Run("scan", "--no-such-option", "x.png").ExitCode);
        using var folder = new TempFolder();
        Assert.AreEqual(64, new CliRun().Run("scan", folder.Path, "--model", ModelPath(folder)).ExitCode, "a folder without media");
    }

    [TestMethod]
    public void ModelLocationPrefersTheOptionThenTheEnvironmentThenTheShippedModel()
    {
        using var folder = new TempFolder();
        var option = folder.File("a.onnx");
        File.WriteAllBytes(option, [1]);
        var environment = folder.File("b.onnx");
        File.WriteAllBytes(environment, [1]);
        var shipped = Directory.CreateDirectory(folder.File("models")).FullName;
        File.WriteAllBytes(Path.Combine(shipped, "detector.onnx"), [1]);

        Assert.AreEqual(option, ModelLocation.Find(option, environment, folder.Path));
        Assert.AreEqual(environment, ModelLocation.Find(null, environment, folder.Path));
        Assert.AreEqual(Path.Combine(folder.Path, "models", "detector.onnx"), ModelLocation.Find(null, "", folder.Path));
        Assert.ThrowsExactly<UsageException>(() => ModelLocation.Find(null, folder.File("gone.onnx"), folder.Path));
    }

    private static string ModelPath(TempFolder folder)
    {
        using var model = ColourModel.Load(folder, Tile);
        return model.ModelPath;
    }

    private static string Words(double p) =>
        p >= ColourModel.AiAtLeast ? "likely AI-made" : p <= ColourModel.RealAtMost ? "likely real" : "inconclusive";
}
