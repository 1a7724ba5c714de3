using System.Text.Json.Nodes;
using Verifier.Cli.Tests.Support;
using Verifier.Detector.Model;
using Verifier.Detector.Tests.Support;

namespace Verifier.Cli.Tests;

/// <summary>
/// <c>verifier eval</c> on a tiny real/ + ai/ corpus of solid-colour files made by ffmpeg, scored by the mean-colour model:
/// every expected figure follows from the colours by hand (pair counting for AUC, the largest real score for TPR).
/// </summary>
[TestClass]
public sealed class EvalCommandTests
{
    private const int Tile = 32;

    // (folder, file, rgb): two real families, two AI families; one real file (purple) outscores one AI file (blue).
    private static readonly (string Folder, string Name, double[] Rgb, bool Clip)[] Files =
    [
        ("real/camA", "green.png", ColourModel.Green, false),
        ("real/camA", "green.mp4", ColourModel.Green, true),
        ("real/camB", "purple.png", [128, 0, 128], false),
        ("ai/genA", "red.png", ColourModel.Red, false),
        ("ai/genA", "red.mp4", ColourModel.Red, true),
        ("ai/genB", "blue.png", ColourModel.Blue, false),
    ];

    [TestMethod]
    public void AllFamiliesGiveTheHandComputedFiguresBeforeAndAfterReencoding()
    {
        using var folder = new TempFolder();
        var corpus = MakeCorpus(folder);
        var model = ModelWithHeldOut(folder, "sora");
        var leftoversBefore = EvalTempFolders();

        var run = new CliRun().Run("eval", "--data", corpus, "--model", model, "--json", "--families", "all");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        var report = JsonNode.Parse(run.OutputLines.Single())!;
        var original = report["original"]!;
        Assert.AreEqual(6, (int)original["files"]!);
        Assert.AreEqual(ExpectedAuc(Files), (double)original["auc"]!, 1e-9);
        Assert.AreEqual(8.0 / 9, ExpectedAuc(Files), 1e-9, "the corpus is built so that one real file outscores one AI file");
        // Three real files: 1% of them is none, so the threshold is the largest real score (purple); both reds are above it.
        Assert.AreEqual(2.0 / 3, (double)original["tpr_at_1pct_fpr"]!, 1e-9);
        var (low, high) = ((double)original["auc_95_low"]!, (double)original["auc_95_high"]!);
        Assert.IsTrue(low <= 8.0 / 9 && 8.0 / 9 <= high && high <= 1.0 && low >= 0.0, $"interval {low}..{high}");

        var families = original["families"]!.AsArray().ToDictionary(f => (string)f!["family"]!, f => f!);
        CollectionAssert.AreEquivalent(new[] { "genA", "genB", "real: camA", "real: camB" }, families.Keys.ToArray());
        foreach (var group in Files.GroupBy(f => FamilyName(f.Folder)))
        {
            var family = families[group.Key];
            var expected = group.Select(f => Probability(f.Rgb)).ToArray();
            Assert.AreEqual(group.Count(), (int)family["files"]!, group.Key);
            Assert.AreEqual(expected.Average(), (double)family["mean_p_ai"]!, 1e-4, group.Key);
            foreach (var verdict in new[] { "ai", "real", "inconclusive" })
            {
                Assert.AreEqual((double)expected.Count(p => ColourModel.Verdict(p) == verdict) / expected.Length, (double)family[$"share_{verdict}"]!, 1e-9, $"{group.Key} {verdict}");
            }
        }

        // genB (blue) against the three real files: it beats both greens and loses to purple.
        Assert.AreEqual(2.0 / 3, (double)families["genB"]["auc"]!, 1e-9);
        Assert.IsNull(families["real: camA"]["auc"]);

        // Solid colours survive JPEG q75 and H.264 CRF 28 nearly unchanged: the same ranking, scores within a few hundredths.
        var reencoded = report["reencoded"]!;
        StringAssert.Contains((string?)reencoded["condition"], "crf 28");
        Assert.AreEqual(8.0 / 9, (double)reencoded["auc"]!, 1e-9);
        var before = original["scores"]!.AsArray().ToDictionary(s => (string)s!["file"]!, s => (double)s!["p_ai"]!);
        foreach (var score in reencoded["scores"]!.AsArray())
        {
            Assert.AreEqual(before[(string)score!["file"]!], (double)score["p_ai"]!, 0.03, (string?)score["file"]);
        }

        CollectionAssert.AreEquivalent(leftoversBefore, EvalTempFolders(), "the re-encoded copies' folder is removed");
    }

    [TestMethod]
    public void ByDefaultOnlyTheCardsHeldOutFamiliesAreScoredAndWriteCardStoresTheFigures()
    {
        using var folder = new TempFolder();
        var corpus = MakeCorpus(folder);
        var model = ModelWithHeldOut(folder, "genB", "real: camB");

        var run = new CliRun().Run("eval", "--data", corpus, "--model", model, "--no-reencode", "--write-card");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, "the card's held-out families");
        // Blue (AI) below purple (real): AUC 0, shown on the headline.
        StringAssert.Contains(run.Output, "original: 2 files (1 ai, 1 real), AUC 0.000");
        StringAssert.Contains(run.Output, "real: camB");
        Assert.DoesNotContain("camA", run.Output);

        var card = ModelCard.Load(Path.ChangeExtension(model, ".json"));
        var all = card.HeldOutFamilies.Single(f => f.Name == "(all evaluated files)");
        Assert.AreEqual(0.0, all.Figures["auc"], 1e-9);
        Assert.AreEqual(2, all.Items);
        var genB = card.HeldOutFamilies.Single(f => f.Name == "genB");
        Assert.AreEqual(Probability(ColourModel.Blue), genB.Figures["fileMeanPAi"], 1e-3);
        Assert.AreEqual(0.81, genB.Figures["auc"], 1e-9, "the tile-level figures training wrote are kept");
        Assert.IsFalse(genB.Figures.ContainsKey("fileAucReencoded"), "no re-encoded pass was asked for");
    }

    [TestMethod]
    public void UsageErrorsExit64AndNameTheProblem()
    {
        using var folder = new TempFolder();
        var corpus = MakeCorpus(folder);
        var model = ModelWithHeldOut(folder, "sora");

        var noneHeldOut = new CliRun().Run("eval", "--data", corpus, "--model", model, "--families", "held-out");
        Assert.AreEqual(ExitCodes.Usage, noneHeldOut.ExitCode);
        StringAssert.Contains(noneHeldOut.Error, "held-out families (sora)");

        var missing = folder.File("no-such-corpus");
        var noCorpus = new CliRun().Run("eval", "--data", missing, "--model", model);
        Assert.AreEqual(ExitCodes.Usage, noCorpus.ExitCode);
        StringAssert.Contains(noCorpus.Error, missing);

        var badScope = new CliRun().Run("eval", "--data", corpus, "--model", model, "--families", "some");
        Assert.AreEqual(ExitCodes.Usage, badScope.ExitCode);
    }

    [TestMethod]
    public void AFileThatCannotBeScannedIsNamedAndLeftOut()
    {
        using var folder = new TempFolder();
        var corpus = MakeCorpus(folder);
        var broken = Path.Combine(corpus, "ai", "genA", "broken.mp4");
        File.WriteAllText(broken, "not a clip");
        var model = ModelWithHeldOut(folder, "sora");

        var run = new CliRun().Run("eval", "--data", corpus, "--model", model, "--json", "--families", "all", "--no-reencode");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, $"skipped {broken}");
        var original = JsonNode.Parse(run.OutputLines.Single())!["original"]!;
        Assert.AreEqual(6, (int)original["files"]!);
        Assert.AreEqual(broken, (string?)original["skipped"]![0]!["file"]);
        Assert.AreEqual(8.0 / 9, (double)original["auc"]!, 1e-9);
    }

    private static string MakeCorpus(TempFolder folder)
    {
        var corpus = Directory.CreateDirectory(folder.File("corpus")).FullName;
        foreach (var (sub, name, rgb, clip) in Files)
        {
            var path = Path.Combine(Directory.CreateDirectory(Path.Combine(corpus, sub)).FullName, name);
            var colour = $"color=c=0x{(int)rgb[0]:X2}{(int)rgb[1]:X2}{(int)rgb[2]:X2}:s=64x64";
            _ = clip ? Ffmpeg.LosslessClip(path, colour + ":r=10:d=1,format=rgb24") : Ffmpeg.Still(path, colour + ",format=rgb24");
        }

        return corpus;
    }

    private static string ModelWithHeldOut(TempFolder folder, params string[] heldOut)
    {
        var card = CardJson.Valid(Tile, ColourModel.Temperature, ColourModel.RealAtMost, ColourModel.AiAtLeast);
        card["heldOutFamilies"] = new JsonArray([.. heldOut.Select(name => (JsonNode)new JsonObject
        {
            ["name"] = name, ["items"] = 1, ["figures"] = new JsonObject { ["auc"] = 0.81 },
        })]);
        var weights = ColourModel.Weights.Select(w => (float)w).ToArray();
        return TinyModels.WriteWithCard(folder, "colour", TinyModels.MeanColourLogit(Tile, weights, (float)ColourModel.Bias), card);
    }

    private static double Probability(double[] rgb) => ColourModel.Probability(ColourModel.Logit(rgb));

    private static string FamilyName(string folder) =>
        folder.StartsWith("real/", StringComparison.Ordinal) ? "real: " + folder["real/".Length..] : folder["ai/".Length..];

    /// <summary>AUC by counting pairs: an AI file above a real one counts 1, a tie a half.</summary>
    private static double ExpectedAuc((string Folder, string Name, double[] Rgb, bool Clip)[] files)
    {
        var ai = files.Where(f => f.Folder.StartsWith("ai/", StringComparison.Ordinal)).Select(f => ColourModel.Logit(f.Rgb)).ToArray();
        var real = files.Where(f => f.Folder.StartsWith("real/", StringComparison.Ordinal)).Select(f => ColourModel.Logit(f.Rgb)).ToArray();
        var wins = ai.Sum(a => real.Sum(r => a > r ? 1.0 : a == r ? 0.5 : 0.0));
        return wins / (ai.Length * real.Length);
    }

    private static string[] EvalTempFolders() =>
        [.. Directory.EnumerateDirectories(Path.GetTempPath(), "verifier-eval-*").Order(StringComparer.Ordinal)];
}
