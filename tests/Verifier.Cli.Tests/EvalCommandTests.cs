using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
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
    public void RobustnessGridJsonAndHtmlReportCarryEveryFigure()
    {
        using var folder = new TempFolder();
        var corpus = MakeCorpus(folder);
        var model = ModelWithHeldOut(folder, "sora");
        var html = folder.File("eval.html");
        var leftoversBefore = EvalTempFolders();

        var run = new CliRun().Run("eval", "--data", corpus, "--model", model, "--json", "--families", "all", "--robustness", "--report", html);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        var report = JsonNode.Parse(run.OutputLines.Single())!;
        var original = report["original"]!;
        var scores = original["scores"]!.AsArray().Select(s => ((double)s!["p_ai"]!, (string)s["label"]! == "ai", (string)s["verdict"]!)).ToArray();

        // AP by hand from the colours' order: ai red, red above every real; blue below purple only.
        // Ranked: red, red (2/2 precision), then green/purple/blue in model order; computed from the scores below.
        Assert.AreEqual(HandAveragePrecision(scores), (double)original["ap"]!, 1e-9);
        Assert.AreEqual(HandEce(scores), (double)original["ece"]!, 1e-9);
        var bins = original["reliability"]!.AsArray();
        Assert.HasCount(10, bins);
        Assert.AreEqual(6, bins.Sum(b => (int)b!["files"]!));
        Assert.AreEqual(2.0 / 3, (double)original["tpr_at_5pct_fpr"]!, 1e-9, "three reals: 5% of them is none, as at 1%");
        var decided = scores.Where(s => s.Item3 != "inconclusive").ToArray();
        Assert.AreEqual(decided.Length, (int)original["coverage"]!["decided"]!);
        Assert.AreEqual((double)scores.Count(s => s.Item3 == "inconclusive") / 6, (double)original["coverage"]!["share_inconclusive"]!, 1e-9);
        var types = original["media_types"]!.AsArray().ToDictionary(t => (string)t!["name"]!, t => (int)t!["files"]!);
        Assert.AreEqual((4, 2), (types["image"], types["video"]));
        var formats = original["formats"]!.AsArray().Select(f => (string)f!["name"]!).ToArray();
        CollectionAssert.AreEqual(new[] { "mp4/h264", "png" }, formats);

        // The grid: each cell holds the kinds it changes; solid colours keep their ranking, so no cell loses AUC.
        var grid = report["robustness"]!.AsArray();
        CollectionAssert.AreEqual(
            new[] { "h264 crf 28", "jpeg q75", "social chain", "480p", "jpeg q90", "jpeg q50", "h264 crf 35", "h264 crf 23", "720p", "blur sigma 1" },
            grid.Select(c => (string)c!["condition"]!).ToArray());
        foreach (var cell in grid)
        {
            var expectedFiles = (string)cell!["applies_to"]! switch { "video" => 2, "image" => 4, _ => 6 };
            Assert.AreEqual(expectedFiles, (int)cell["files"]!, (string?)cell["condition"]);
            Assert.AreEqual((double)cell["original_auc"]!, (double)cell["auc"]!, 1e-9, (string?)cell["condition"]);
            Assert.AreEqual(0.0, (double)cell["auc_drop"]!, 1e-9);
        }

        Assert.IsTrue(grid.Single(c => (string)c!["condition"]! == "jpeg q50")!["scores"]!.AsArray().All(s => ((string)s!["file"]!).EndsWith(".png", StringComparison.Ordinal)));
        var reencoded = report["reencoded"]!;
        Assert.AreEqual(("h264 crf 28 / jpeg q75", 6), ((string)reencoded["condition"]!, (int)reencoded["files"]!), "read off the grid's CRF 28 and q75 cells");

        // The baseline: fitted on one side of a family split, tested on the other, with the model's AUC on the same files.
        var baseline = report["metadata_baseline"]!;
        Assert.AreEqual(6, (int)baseline["train_files"]! + (int)baseline["test_files"]!);
        Assert.IsTrue((double)baseline["auc"]! is >= 0 and <= 1);
        Assert.IsNotNull(baseline["model_auc_same_files"]);
        Assert.IsTrue(baseline["weights"]!.AsObject().ContainsKey("log bits per pixel"));

        var page = File.ReadAllText(html);
        var xml = ParseXml(page);
        XNamespace svg = "http://www.w3.org/2000/svg";
        var roc = xml.Descendants(svg + "svg").Single(e => (string?)e.Attribute("id") == "roc-svg");
        // The original's curve has one corner per distinct score plus the origin; all 6 colour scores differ, but two reds tie.
        var curve = roc.Elements(svg + "polyline").First();
        Assert.AreEqual("original", (string?)curve.Attribute("data-condition"));
        Assert.AreEqual(scores.Select(s => s.Item1).Distinct().Count() + 1, ((string)curve.Attribute("points")!).Split(' ').Length);
        Assert.IsTrue(xml.Descendants(svg + "svg").Any(e => (string?)e.Attribute("id") == "reliability-svg"));
        Assert.HasCount(10, xml.Descendants("table").Single(t => (string?)t.Attribute("id") == "robustness-table").Descendants("tbody").Single().Elements("tr"));
        Assert.IsTrue(xml.Descendants("table").Any(t => (string?)t.Attribute("id") == "baseline-table"));
        StringAssert.Contains(page, "default-src 'none'");
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        CollectionAssert.AreEquivalent(leftoversBefore, EvalTempFolders(), "the degraded copies' folder is removed");
    }

    [TestMethod]
    public void AReportInAMissingFolderIsAUsageErrorBeforeAnyScan()
    {
        using var folder = new TempFolder();
        var corpus = MakeCorpus(folder);
        var model = ModelWithHeldOut(folder, "sora");
        var target = Path.Combine(folder.File("no-such-folder"), "eval.html");

        var run = new CliRun().Run("eval", "--data", corpus, "--model", model, "--report", target);

        Assert.AreEqual(ExitCodes.Usage, run.ExitCode);
        StringAssert.Contains(run.Error, "does not exist");
        Assert.AreEqual(string.Empty, run.Output);
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

    /// <summary>Average precision by walking the files from the highest score down (ties taken together).</summary>
    private static double HandAveragePrecision((double P, bool Ai, string Verdict)[] files)
    {
        var positives = files.Count(f => f.Ai);
        var (sum, recall, seenAi, seen) = (0.0, 0.0, 0, 0);
        foreach (var tie in files.GroupBy(f => f.P).OrderByDescending(g => g.Key))
        {
            seen += tie.Count();
            seenAi += tie.Count(f => f.Ai);
            var newRecall = (double)seenAi / positives;
            sum += (newRecall - recall) * seenAi / seen;
            recall = newRecall;
        }

        return sum;
    }

    /// <summary>ECE over ten equal bins: the sum over bins of |sum of p - number of AI files|, over all files.</summary>
    private static double HandEce((double P, bool Ai, string Verdict)[] files) =>
        files.GroupBy(f => Math.Min((int)(f.P * 10), 9)).Sum(bin => Math.Abs(bin.Sum(f => f.P) - bin.Count(f => f.Ai))) / files.Length;

    /// <summary>The page as XML: it is written well-formed, so a strict parser reads it whole.</summary>
    private static XDocument ParseXml(string page)
    {
        using var reader = XmlReader.Create(new StringReader(page), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    private static string[] EvalTempFolders() =>
        [.. Directory.EnumerateDirectories(Path.GetTempPath(), "verifier-eval-*").Order(StringComparer.Ordinal)];
}
