using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Verifier.Cli.Commands;
using Verifier.Cli.Tests.Support;
using Verifier.Detector.Tests.Support;
using Verifier.Generator;
using Verifier.Provenance;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Validation;
using static TorchSharp.torch;

namespace Verifier.Cli.Tests;

/// <summary>
/// <c>verifier demo</c> end to end with the real Reader, real ffmpeg and ONNX Runtime, a tiny randomly initialised
/// generator and the mean-colour test detector: every step is printed, the clip and report.html are left in DIR (and
/// nothing else), the clip verifies as Trusted against the development root made on first use, and missing pieces are
/// named with how to get them before anything is written.
/// </summary>
[TestClass]
public sealed partial class DemoCommandTests
{
    private const int Tile = 32;
    private const string TrainedAlgorithmicMedia = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

    [TestMethod]
    public void DemoGeneratesSignsVerifiesScansAndWritesTheReport()
    {
        using var folder = new TempFolder();
        var (generator, detector) = (TinyGenerator(folder), Detector(folder));
        var output = folder.File("demo");
        var keys = Path.Combine(folder.Path, "data", "verifier", "dev-keys");

        var (first, second) = WithDataHome(Path.Combine(folder.Path, "data"), () =>
            (Demo(output, generator, detector), Demo(output, generator, detector)));

        Assert.AreEqual(ExitCodes.Trusted, first.ExitCode, first.Output + first.Error);
        var lines = first.OutputLines;
        var steps = lines.Where(l => l.StartsWith('[')).Select(l => l[..5]).ToArray();
        CollectionAssert.AreEqual(new[] { "[1/5]", "[2/5]", "[3/5]", "[4/5]", "[5/5]" }, steps, first.Output);

        // 1: the generator's own line, with the model's clip shape.
        var clip = Path.Combine(output, "generate-1.mp4");
        StringAssert.Contains(first.Output, $"wrote {clip} (generate, seed 1, 5 frames 32x32");
        StringAssert.Contains(first.Error, "not fully trained", "an untrained model is said to be one");

        // 2: the development key, made now, said plainly; the second run reuses it.
        StringAssert.Contains(first.Output, $"TEST ONLY development key in {keys} (made now, on first use)");
        StringAssert.Contains(second.Output, $"TEST ONLY development key in {keys} (made on an earlier first use)");

        // 3: the Reader's verdict, the signer named in the development chain's first certificate, the source type.
        var signer = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(keys, DevelopmentPkiFiles.Chain))).GetNameInfo(X509NameType.SimpleName, false);
        CollectionAssert.Contains(lines, "state: Trusted");
        Assert.IsTrue(lines.Any(l => l.StartsWith($"signer: {signer}", StringComparison.Ordinal)), first.Output);
        CollectionAssert.Contains(lines, $"digitalSourceType: {TrainedAlgorithmicMedia}");

        // 4: p_ai and a verdict that agrees with the test detector's card thresholds; provenance kept apart.
        var scored = ScoreLine().Match(first.Output);
        Assert.IsTrue(scored.Success, first.Output);
        var p = double.Parse(scored.Groups["p"].Value, CultureInfo.InvariantCulture);
        var expected = p >= ColourModel.AiAtLeast ? "ai" : p <= ColourModel.RealAtMost ? "real" : "inconclusive";
        Assert.AreEqual(expected, scored.Groups["verdict"].Value);
        StringAssert.Contains(first.Output, "provenance: trusted Content Credentials");
        StringAssert.Contains(first.Output, "Content Credentials are separate evidence");

        // 5: the report names this clip (its SHA-256 computed here) and its verdict; DIR holds the clip and the report only.
        var report = Path.Combine(output, DemoCommand.ReportName);
        StringAssert.Contains(first.Output, $"wrote the HTML report {report}");
        var html = File.ReadAllText(report);
        StringAssert.Contains(html, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(clip))));
        StringAssert.Contains(html, expected switch { "ai" => "Likely AI-generated", "real" => "Likely real", _ => "Inconclusive" });
        StringAssert.Contains(html, TrainedAlgorithmicMedia);
        CollectionAssert.AreEquivalent(new[] { clip, report },
            Directory.GetFiles(output, "*", new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = true }));

        // The clip itself, checked here with the Reader against the root the demo made.
        var result = Reader.Validate(clip, new VerifyOptions { Trust = TrustSettingsLoader.FromPemFiles(Path.Combine(keys, DevelopmentPkiFiles.Root)) });
        Assert.AreEqual(ValidationState.Trusted, result.State, string.Join(", ", result.Codes(StatusKind.Failure)));
        CollectionAssert.Contains(result.DigitalSourceTypes.ToList(), TrainedAlgorithmicMedia);
        Assert.AreEqual(ExitCodes.Trusted, second.ExitCode, second.Output + second.Error);
    }

    /// <summary>The README's main job as written: <c>./verifier demo</c> with the shipped models found beside the executable.</summary>
    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void MainJobRunsThroughTheLauncherWithTheShippedModels()
    {
        if (!File.Exists(Path.Combine(RepoRoot.Path, ModelLocation.DefaultRelative)))
        {
            Assert.Inconclusive($"no shipped detector in {RepoRoot.Path}/models yet (another branch ships it)");
        }

        using var folder = new TempFolder();
        var output = folder.File("out");
        var (exitCode, stdout, stderr) = WithDataHome(folder.File("data"), () => Launcher.Run(folder.Path, "demo", "-o", output));

        Assert.AreEqual(ExitCodes.Trusted, exitCode, stdout + stderr);
        StringAssert.Contains(stdout, Path.Combine(RepoRoot.Path, ".build", "cli", ModelLocation.GeneratorDefaultRelative));
        StringAssert.Contains(stdout, Path.Combine(RepoRoot.Path, ".build", "cli", ModelLocation.DefaultRelative));
        Assert.IsFalse(stderr.Contains("not fully trained", StringComparison.Ordinal), "the shipped generator is trained: " + stderr);
        StringAssert.Contains(stdout, "state: Trusted");
        Assert.IsTrue(File.Exists(Path.Combine(output, "generate-1.mp4")) && File.Exists(Path.Combine(output, DemoCommand.ReportName)), stdout);
    }

    [TestMethod]
    public void MissingPiecesExit64NamingThemAndHowToGetThemBeforeAnythingIsWritten()
    {
        using var folder = new TempFolder();
        var (generator, detector) = (TinyGenerator(folder), Detector(folder));
        var output = folder.File("demo");
        var empty = Directory.CreateDirectory(folder.File("empty")).FullName;

        var noGenerator = Demo(output, empty, detector);
        var noDetector = Demo(output, generator, folder.File("gone.onnx"));
        var noFfmpeg = WithVariable("PATH", empty, () => Demo(output, generator, detector));

        Assert.AreEqual(ExitCodes.Usage, noGenerator.ExitCode, noGenerator.Error);
        StringAssert.Contains(noGenerator.Error, $"--generator {empty}: no generator.json there");
        Assert.AreEqual(ExitCodes.Usage, noDetector.ExitCode, noDetector.Error);
        StringAssert.Contains(noDetector.Error, $"--model {folder.File("gone.onnx")}: no such file");
        Assert.AreEqual(ExitCodes.Usage, noFfmpeg.ExitCode, noFfmpeg.Error);
        StringAssert.Contains(noFfmpeg.Error, "ffmpeg was not found on PATH");
        StringAssert.Contains(noFfmpeg.Error, "apt-get install -y ffmpeg");
        Assert.IsFalse(Directory.Exists(output), "nothing is written when a piece is missing");
    }

    [TestMethod]
    public void GeneratorLocationPrefersTheOptionThenTheEnvironmentThenTheShippedFolder()
    {
        using var folder = new TempFolder();
        string Weights(string relative)
        {
            var path = Directory.CreateDirectory(folder.File(relative)).FullName;
            File.WriteAllText(Path.Combine(path, GeneratorCard.FileName), "{}");
            return path;
        }

        var (option, environment, shipped) = (Weights("a"), Weights("b"), Weights(Path.Combine("models", "gen")));

        Assert.AreEqual(option, ModelLocation.FindGenerator(option, "--model", environment, folder.Path));
        Assert.AreEqual(environment, ModelLocation.FindGenerator(null, "--model", environment, folder.Path));
        Assert.AreEqual(shipped, ModelLocation.FindGenerator(null, "--model", "", folder.Path));
        Directory.Delete(shipped, recursive: true);
        var none = Assert.ThrowsExactly<UsageException>(() => ModelLocation.FindGenerator(null, "--model", null, folder.Path));
        StringAssert.Contains(none.Message, $"no {shipped}");
        StringAssert.Contains(none.Message, "verifier train generator");
    }

    private static CliRun Demo(string output, string generator, string detector) =>
        new CliRun((path, options) => Reader.Validate(path, options))
            .Run("demo", "-o", output, "--generator", generator, "--model", detector, "--threads", "1");

    private static string TinyGenerator(TempFolder folder)
    {
        var path = folder.File("gen");
        manual_seed(5);
        using var model = new GeneratorModel(GeneratorConfig.Tiny);
        model.Save(path, autoencoderSteps: 0, transformerSteps: 0);
        return path;
    }

    private static string Detector(TempFolder folder)
    {
        using var model = ColourModel.Load(folder, Tile);
        return model.ModelPath;
    }

    private static T WithDataHome<T>(string dataHome, Func<T> run) => WithVariable("XDG_DATA_HOME", dataHome, run);

    private static T WithVariable<T>(string name, string value, Func<T> run)
    {
        var previous = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
        try
        {
            return run();
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, previous);
        }
    }

    [GeneratedRegex(@"p_ai (?<p>[01]\.\d\d), verdict (?<verdict>ai|real|inconclusive)\b")]
    private static partial Regex ScoreLine();
}
