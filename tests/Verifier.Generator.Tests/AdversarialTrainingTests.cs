using System.Text.Json;
using Verifier.Detector.Tests.Support;
using Verifier.Detector.Training.Net;
using Verifier.Generator.Adversarial;
using Verifier.Generator.Tests.Support;

namespace Verifier.Generator.Tests;

/// <summary>
/// The adversarial loop end to end on tiny models and ffmpeg-made clips: rounds run, the reports carry every per-round
/// figure, and a run stopped after round 1 and resumed gives round 2 exactly as an uninterrupted run does.
/// </summary>
[TestClass]
public sealed class AdversarialTrainingTests
{
    [TestMethod]
    public async Task RoundsRunEndToEndAndAResumedRunRepeatsTheUninterruptedOne()
    {
        using var folder = new TempFolder();
        var corpus = Corpus(folder.File("corpus"));
        var generator = folder.File("gen");
        using (var model = TinyGenerator.Random(6))
        {
            model.Save(generator, autoencoderSteps: 0, transformerSteps: 0);
        }

        AdversarialRequest Request(string output, int rounds) => new([corpus], output, generator)
        {
            FreshDetector = DetectorNetOptions.Tiny(16),
            Options = new AdversarialOptions
            {
                Rounds = rounds, GeneratorSteps = 2, GeneratorBatchSize = 2, SampledFakes = 2, AlignedFakes = 2, SamplingSteps = 2,
                DetectorBatchSize = 16, Device = "cpu", Seed = 4, ValidationFraction = 0.34, ClipsPerFile = 1,
            },
        };

        var straight = await AdversarialTraining.RunAsync(Request(folder.File("straight"), 2), null, CancellationToken.None);
        _ = await AdversarialTraining.RunAsync(Request(folder.File("resumed"), 1), null, CancellationToken.None);
        var lines = new List<string>();
        var resumed = await AdversarialTraining.RunAsync(Request(folder.File("resumed"), 2), new Lines(lines), CancellationToken.None);

        Assert.AreEqual(3, straight.Rounds.Count);
        CollectionAssert.Contains(lines, $"round 1: done earlier ({Path.Combine(folder.File("resumed"), "round-001")})");
        for (var round = 0; round < 3; round++)
        {
            Assert.AreEqual(straight.Rounds[round] with { Seconds = 0 }, resumed.Rounds[round] with { Seconds = 0 }, $"round {round}");
        }

        var last = straight.Rounds[^1];
        Assert.IsTrue(last.HeldOutAuc is >= 0 and <= 1 && last.HeldOutAucLow <= last.HeldOutAucHigh);
        Assert.IsTrue(last.FoolingRate is >= 0 and <= 1 && last.FoolingRateBeforeGeneratorStep is >= 0 and <= 1);
        Assert.IsNotNull(last.DetectorLossFirst);
        Assert.IsNotNull(last.AdversarialLossLast);
        Assert.IsNull(straight.Rounds[0].DetectorLossFirst, "round 0 trains nothing");
        Assert.IsTrue(straight.HeldOutFamilies.Any(f => f.StartsWith("real: ", StringComparison.Ordinal)) && straight.HeldOutFamilies.Any(f => !f.StartsWith("real: ", StringComparison.Ordinal)));
        Assert.IsFalse(straight.TrainingFamilies.Intersect(straight.HeldOutFamilies).Any());

        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder.File("straight"), AdversarialReport.JsonName)));
        var rounds = json.RootElement.GetProperty("rounds");
        Assert.AreEqual(3, rounds.GetArrayLength());
        foreach (var field in new[] { "held_out_auc", "fooling_rate", "fooling_rate_before_generator_step", "detector_loss_last", "flow_loss_last", "adversarial_loss_last" })
        {
            Assert.AreEqual(JsonValueKind.Number, rounds[2].GetProperty(field).ValueKind, field);
        }

        var markdown = File.ReadAllText(Path.Combine(folder.File("straight"), AdversarialReport.MarkdownName));
        StringAssert.Contains(markdown, "Did the loop make the detector stronger on unseen families?");
        StringAssert.Contains(markdown, "| 2 | ");
        Assert.IsTrue(File.Exists(Path.Combine(folder.File("straight"), "round-002", "generator", GeneratorCard.WeightsName)));
        Assert.AreEqual(4, GeneratorCard.Read(Path.Combine(folder.File("straight"), "round-002", "generator")).TransformerSteps);
        Assert.IsFalse(Directory.Exists(Path.Combine(folder.File("straight"), "round-002", "detector-checkpoint")));
    }

    /// <summary>Three real and three AI families of short lavfi clips (MANIFEST-free real/ + ai/ layout).</summary>
    private static string Corpus(string root)
    {
        var sources = new[]
        {
            ("real/cam-a/a.mp4", "testsrc"), ("real/cam-b/b.mp4", "smptebars"), ("real/cam-c/c.mp4", "pal75bars"),
            ("ai/gen-a/a.mp4", "testsrc2"), ("ai/gen-b/b.mp4", "rgbtestsrc"), ("ai/gen-c/c.mp4", "yuvtestsrc"),
        };
        foreach (var (path, source) in sources)
        {
            var file = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            Ffmpeg.Animation(file, $"{source}=size=64x48:rate=10:duration=1,format=yuv420p");
        }

        return root;
    }

    private sealed class Lines(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
