using System.Text;
using Verifier.Cli.Tests.Support;
using Verifier.Detector.Tests.Support;
using Verifier.Provenance.Tests.Support;
using Verifier.Generator;
using Verifier.Provenance;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Validation;
using static TorchSharp.torch;

namespace Verifier.Cli.Tests;

/// <summary>
/// <c>verifier generate</c> with a tiny randomly initialised model (no trained weights exist yet, so the clips are
/// noise-like): every mode writes H.264 MP4s that the real Reader validates as Trusted against the signing key's root,
/// with trainedAlgorithmicMedia, the generator as software agent and the seed and mode in the manifest.
/// </summary>
[TestClass]
public sealed class GenerateCommandTests
{
    [TestMethod]
    public void GeneratedClipsAreSignedTrustedAndRecordTheSeedAndMode()
    {
        var (model, keys) = (TinyModel(), Keys());
        var output = Path.Combine(Temp.Dir(), "clips");

        var run = new CliRun().Run("generate", "-o", output, "--count", "2", "--seed", "41", "--steps", "2", "--model", model, "--threads", "1",
            "--device", "cpu", "--cert", Path.Combine(keys, DevelopmentPkiFiles.Chain), "--key", Path.Combine(keys, DevelopmentPkiFiles.SignerKey));

        Assert.AreEqual(ExitCodes.Trusted, run.ExitCode, run.Output + run.Error);
        StringAssert.Contains(run.Error, "not fully trained");
        var clips = Directory.GetFiles(output).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(new[] { Path.Combine(output, "generate-41.mp4"), Path.Combine(output, "generate-42.mp4") }, clips,
            "two clips and no temporary file left: " + string.Join(", ", Directory.GetFiles(output, "*", new EnumerationOptions { AttributesToSkip = 0 })));
        AssertSignedClip(clips[1], keys, "generate", seed: 42, frames: 5, size: 32);

        // c2pa-rs (the interop oracle) agrees: Trusted, trainedAlgorithmicMedia, and the record's seed and mode as it parses them.
        var oracle = Oracle.Instance.Verify(clips[1], "--trust", Path.Combine(keys, DevelopmentPkiFiles.Root), "--raw");
        Assert.AreEqual("Trusted", (string?)oracle["validation_state"], oracle.ToJsonString());
        Assert.AreEqual("c2pa.created:http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", (string?)oracle["digital_source_types"]![0]);
        var manifest = oracle["raw"]!["manifests"]![(string)oracle["active_manifest"]!]!;
        var record = manifest["assertions"]!.AsArray().Single(a => (string?)a!["label"] == "org.verifier.generator")!["data"]!;
        Assert.AreEqual((42L, "generate", "Verifier.Generator"), ((long)record["seed"]!, (string?)record["mode"], (string?)record["generator"]));
    }

    [TestMethod]
    public void ReconstructAndRegenerateSignTheRealClipsAlignedFakes()
    {
        var (model, keys) = (TinyModel(), Keys());
        var real = Path.Combine(Temp.Dir(), "real.mp4");
        Ffmpeg.Animation(real, "testsrc=size=80x48:rate=10:duration=1.2,format=yuv420p");
        var output = Temp.Dir();
        string[] signing = ["--device", "cpu", "--threads", "1", "--model", model, "--cert", Path.Combine(keys, DevelopmentPkiFiles.Chain), "--key", Path.Combine(keys, DevelopmentPkiFiles.SignerKey)];

        var reconstruct = new CliRun().Run(["generate", "-o", output, "--mode", "reconstruct", "--input", real, "--frames", "9", .. signing]);
        var regenerate = new CliRun().Run(["generate", "-o", output, "--mode", "regenerate", "--input", real, "--strength", "0.5", "--steps", "2", .. signing]);

        Assert.AreEqual(ExitCodes.Trusted, reconstruct.ExitCode, reconstruct.Output + reconstruct.Error);
        Assert.AreEqual(ExitCodes.Trusted, regenerate.ExitCode, regenerate.Output + regenerate.Error);
        AssertSignedClip(Path.Combine(output, "real-reconstruct-1.mp4"), keys, "reconstruct", seed: 1, frames: 9, size: 32);
        AssertSignedClip(Path.Combine(output, "real-regenerate-1.mp4"), keys, "regenerate", seed: 1, frames: 5, size: 32);

        var still = Ffmpeg.Still(Path.Combine(Temp.Dir(), "still.png"), "testsrc=size=60x40");
        var fromImage = new CliRun().Run(["generate", "-o", output, "--first-frame", still, "--steps", "1", .. signing]);
        Assert.AreEqual(ExitCodes.Trusted, fromImage.ExitCode, fromImage.Output + fromImage.Error);
        var clip = Path.Combine(output, "still-generate-1.mp4");
        AssertSignedClip(clip, keys, "generate", seed: 1, frames: 5, size: 32);
        StringAssert.Contains(Encoding.UTF8.GetString(File.ReadAllBytes(clip)), "\"input\":\"still.png\"");
    }

    [TestMethod]
    public void WithoutAKeyTheDevelopmentKeyIsMadeOnceAndSaidPlainly()
    {
        var model = TinyModel();
        var data = Temp.Dir();
        var previous = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", data);
        try
        {
            var first = new CliRun().Run("generate", "-o", Path.Combine(data, "a"), "--steps", "1", "--model", model, "--device", "cpu", "--threads", "1");
            var second = new CliRun().Run("generate", "-o", Path.Combine(data, "b"), "--steps", "1", "--model", model, "--device", "cpu", "--threads", "1");

            var keys = Path.Combine(data, "verifier", "dev-keys");
            Assert.AreEqual(ExitCodes.Trusted, first.ExitCode, first.Output + first.Error);
            StringAssert.Contains(first.Output, $"TEST ONLY development key in {keys} (made now)");
            StringAssert.Contains(second.Output, $"TEST ONLY development key in {keys};");
            AssertSignedClip(Path.Combine(data, "b", "generate-1.mp4"), keys, "generate", seed: 1, frames: 5, size: 32);
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", previous);
        }
    }

    [TestMethod]
    public void UsageErrorsExit64AndNameTheProblem()
    {
        var (model, keys) = (TinyModel(), Keys());
        var output = Temp.Dir();
        string[] signing = ["--device", "cpu", "--threads", "1", "--cert", Path.Combine(keys, DevelopmentPkiFiles.Chain), "--key", Path.Combine(keys, DevelopmentPkiFiles.SignerKey)];

        var noInput = new CliRun().Run(["generate", "-o", output, "--model", model, "--mode", "reconstruct", .. signing]);
        var badFrames = new CliRun().Run(["generate", "-o", output, "--model", model, "--frames", "6", .. signing]);
        var badClass = new CliRun().Run(["generate", "-o", output, "--model", model, "--class", "9", "--cfg", "3", .. signing]);
        var noModel = new CliRun().Run(["generate", "-o", output, "--model", Path.Combine(output, "none"), .. signing]);

        var notAClip = Path.Combine(Temp.Dir(), "notes.mp4");
        File.WriteAllText(notAClip, "not a video");
        var badInput = new CliRun().Run(["generate", "-o", Path.Combine(output, "out"), "--model", model, "--mode", "reconstruct", "--input", notAClip, .. signing]);

        Assert.AreEqual(ExitCodes.Usage, badInput.ExitCode, badInput.Error);
        StringAssert.Contains(badInput.Error, notAClip);
        Assert.IsFalse(Directory.Exists(Path.Combine(output, "out")));
        Assert.AreEqual(ExitCodes.Usage, noInput.ExitCode);
        StringAssert.Contains(noInput.Error, "--mode reconstruct needs --input");
        Assert.AreEqual(ExitCodes.Usage, badFrames.ExitCode, badFrames.Error);
        StringAssert.Contains(badFrames.Error, "--frames 6");
        Assert.AreEqual(ExitCodes.Usage, badClass.ExitCode, badClass.Error);
        StringAssert.Contains(badClass.Error, "--class 9: the model knows classes 0..3");
        Assert.AreEqual(ExitCodes.Usage, noModel.ExitCode, noModel.Error);
        StringAssert.Contains(noModel.Error, "generator.json");
        Assert.IsEmpty(Directory.GetFiles(output, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".mp4", StringComparison.Ordinal)));
    }

    /// <summary>Reader (not the stand-in validator): Trusted under the key's root, the source type, agent, seed and mode.</summary>
    private static void AssertSignedClip(string clip, string keys, string mode, long seed, int frames, int size)
    {
        var trust = TrustSettingsLoader.FromPemFiles(Path.Combine(keys, DevelopmentPkiFiles.Root));
        var result = Reader.Validate(clip, new VerifyOptions { Trust = trust });

        Assert.AreEqual(ValidationState.Trusted, result.State, string.Join(", ", result.Codes(StatusKind.Failure)));
        CollectionAssert.Contains(result.DigitalSourceTypes.ToList(), "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia");
        var manifest = result.Manifests[^1];
        Assert.AreEqual("c2pa.created", manifest.Actions[0].Action);
        Assert.AreEqual("Verifier.Generator", manifest.Actions[0].SoftwareAgent);
        CollectionAssert.Contains(manifest.Assertions.ToList(), "org.verifier.generator");

        // The record is a JSON assertion, so its bytes sit in the file as written (and the Trusted result says they hash right).
        var bytes = Encoding.UTF8.GetString(File.ReadAllBytes(clip));
        StringAssert.Contains(bytes, $"\"mode\":\"{mode}\",\"seed\":{seed},\"frames\":{frames},\"size\":{size}");

        var probe = new Verifier.Media.Ffprobe(Verifier.Media.FfmpegTools.Locate()).ProbeAsync(clip).GetAwaiter().GetResult();
        Assert.AreEqual(("h264", size, size), (probe.Codec, probe.Width, probe.Height));
    }

    private static string TinyModel()
    {
        var folder = Temp.Dir();
        manual_seed(3);
        using var model = new GeneratorModel(GeneratorConfig.Tiny);
        model.Save(folder, autoencoderSteps: 0, transformerSteps: 0);
        return folder;
    }

    private static string Keys()
    {
        var folder = Temp.Dir();
        DevelopmentPkiFiles.Write(DevelopmentPki.Create(), folder, force: false);
        return folder;
    }
}
