using System.Text.Json.Nodes;
using Verifier.Cli.Commands;
using Verifier.Cli.Tests.Support;
using Verifier.Detector.Model;
using Verifier.Detector.Tests.Support;

namespace Verifier.Cli.Tests;

/// <summary>
/// End to end: <c>verifier train detector --frames 4</c> on a tiny corpus of clips and stills writes an NCTHW model of
/// 4 frames, and <c>verifier scan</c> runs it on a short clip and a still.
/// </summary>
[TestClass]
public sealed class TemporalTrainScanTests
{
    [TestMethod]
    public void AFourFrameModelTrainedByTheCliScansAClipAndAStill()
    {
        var corpus = Temp.Dir();
        var seed = 0;
        foreach (var (folder, upsampled) in new[] { ("real/camA", false), ("real/camB", false), ("ai/genA", true), ("ai/genB", true) })
        {
            var directory = Directory.CreateDirectory(Path.Combine(corpus, folder)).FullName;
            // Noise that changes every frame ("real") or is upsampled 2x by nearest neighbour ("AI"), as clip and still.
            var source = upsampled
                ? $"color=c=gray:s=24x20:r=10:d=1,noise=alls=80:allf=t:all_seed={++seed},scale=48:40:flags=neighbor"
                : $"color=c=gray:s=48x40:r=10:d=1,noise=alls=80:allf=t:all_seed={++seed}";
            Ffmpeg.Animation(Path.Combine(directory, "clip.mp4"), source + ",format=yuv420p");
            Ffmpeg.Still(Path.Combine(directory, "still.png"), source);
        }

        var output = Path.Combine(Temp.Dir(), "models", "temporal");
        var train = new CliRun().Run("train", "detector", "--data", corpus, "--out", output, "--net", "tiny", "--tile-size", "16",
            "--frames", "4", "--epochs", "1", "--tiles-per-image", "2", "--batch-size", "8", "--device", "cpu", "--seed", "3");

        Assert.AreEqual(ExitCodes.Trusted, train.ExitCode, train.Output + train.Error);
        var card = ModelCard.Load(output + ".json");
        Assert.AreEqual((ModelCard.LayoutNcthw, 4, 16), (card.InputLayout, card.FramesPerSample, card.TileSize));
        var parity = train.Output[(train.Output.LastIndexOf("parity max |diff| ", StringComparison.Ordinal) + 18)..].Split(' ', '\n', ';')[0];
        Assert.IsLessThan(1e-4, double.Parse(parity, System.Globalization.CultureInfo.InvariantCulture), train.Output);

        var media = Temp.Dir();
        var clip = Ffmpeg.Animation(Path.Combine(media, "a-clip.mp4"), "testsrc=size=64x48:rate=10:duration=1,format=yuv420p");
        var still = Ffmpeg.Still(Path.Combine(media, "b-still.png"), "testsrc=size=64x48");
        var scan = new CliRun().Run("scan", clip, still, "--json", "--model", output + ".onnx");

        Assert.HasCount(2, scan.OutputLines, scan.Output + scan.Error);
        foreach (var (line, file, type) in new[] { (scan.OutputLines[0], clip, "video"), (scan.OutputLines[1], still, "image") })
        {
            var report = JsonNode.Parse(line)!;
            Assert.IsNull(report["error"], line);
            Assert.AreEqual((file, type), ((string?)report["file"], (string?)report["media_type"]));
            Assert.IsInRange(0.0, 1.0, (double)report["p_ai"]!);
            Assert.AreEqual("temporal", (string?)report["model"]!["name"]);
            Assert.IsNotEmpty(report["frames"]!.AsArray());
        }
    }

    [TestMethod]
    public void FramesOutsideTheRangeOrWithAdversarialTrainingAreUsageErrors()
    {
        var output = Path.Combine(Temp.Dir(), "m");
        var corpus = Path.Combine(Temp.Dir(), "none");
        foreach (var extra in new[] { new[] { "--frames", "0" }, ["--frames", "17"], ["--frames", "4", "--adv-eps", "2"] })
        {
            var run = new CliRun().Run(["train", "detector", "--data", corpus, "--out", output, "--net", "tiny", "--tile-size", "16", .. extra]);
            Assert.AreEqual(ExitCodes.Usage, run.ExitCode, string.Join(' ', extra));
            StringAssert.Contains(run.Error, "--frames");
        }
    }
}
