using System.Security.Cryptography;
using System.Text.Json;
using Verifier.Cli.Commands;
using Verifier.Cli.Tests.Support;
using Verifier.Detector.Model;
using Verifier.Detector.Scoring;
using Verifier.Detector.Training.Evaluation;

namespace Verifier.Cli.Tests;

/// <summary>
/// The default detector shipped in <c>models/</c>: the build puts it beside the executable where <see cref="ModelLocation"/>
/// looks, <c>./verifier scan</c> uses it with no options, and its card's held-out figures are well-formed.
/// </summary>
[TestClass]
public sealed class ShippedModelTests
{
    private static string RepoModel => Path.Combine(RepoRoot.Path, "models", "detector.onnx");

    [TestMethod]
    public void TheBuildCopiesTheShippedModelWhereModelLocationLooks()
    {
        var found = ModelLocation.Find(null, null, AppContext.BaseDirectory);

        Assert.AreEqual(Path.Combine(AppContext.BaseDirectory, "models", "detector.onnx"), found);
        Assert.AreEqual(Sha256(RepoModel), Sha256(found), "the copy is the repository's model");
        Assert.AreEqual(File.ReadAllText(ModelCard.PathFor(RepoModel)), File.ReadAllText(ModelCard.PathFor(found)), "and its card");
        using var model = DetectorModel.Load(found);
        Assert.AreEqual("detector", model.Card.Name);
        Assert.IsLessThan(20L << 20, new FileInfo(found).Length, "small enough to keep in git");
    }

    [TestMethod]
    public void TheShippedCardsHeldOutFiguresAreWellFormed()
    {
        var card = ModelCard.Load(ModelCard.PathFor(RepoModel));

        Assert.IsTrue(card.Thresholds.RealAtMost < card.Thresholds.AiAtLeast);
        Assert.IsNotEmpty(card.TrainingFamilies);
        var heldOut = card.HeldOutFamilies.Where(f => f.Name != CardFigures.AllFilesName).ToArray();
        Assert.IsTrue(heldOut.Any(f => f.Name.StartsWith("real: ", StringComparison.Ordinal)), "real families held out");
        Assert.IsTrue(heldOut.Any(f => !f.Name.StartsWith("real: ", StringComparison.Ordinal)), "AI families held out");
        CollectionAssert.AreEqual(
            Array.Empty<string>(), heldOut.Select(f => f.Name).Intersect(card.TrainingFamilies.Select(f => f.Name)).ToArray(),
            "no family both trained on and held out");

        var all = card.HeldOutFamilies.Single(f => f.Name == CardFigures.AllFilesName).Figures;
        foreach (var suffix in new[] { "", "Reencoded" })
        {
            foreach (var key in new[] { "auc", "auc95Low", "auc95High", "tprAt1PctFpr" })
            {
                Assert.IsTrue(all.TryGetValue(key + suffix, out var value) && value is >= 0 and <= 1, $"{key}{suffix}");
            }

            Assert.IsTrue(all["auc95Low" + suffix] <= all["auc" + suffix] && all["auc" + suffix] <= all["auc95High" + suffix], suffix);
            Assert.IsGreaterThan(0, all["aiFiles" + suffix]);
            Assert.IsGreaterThan(0, all["realFiles" + suffix]);
        }

        foreach (var family in heldOut)
        {
            var f = family.Figures;
            Assert.IsGreaterThan(0, family.Items, family.Name);
            Assert.IsTrue(f["fileMeanPAi"] is >= 0 and <= 1, family.Name);
            Assert.AreEqual(1.0, f["fileShareAi"] + f["fileShareReal"] + f["fileShareInconclusive"], 1e-3, family.Name);
            Assert.AreEqual(!family.Name.StartsWith("real: ", StringComparison.Ordinal), f.ContainsKey("fileAuc"), $"{family.Name}: AUC for AI families only");
        }
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void TheLauncherScansWithTheShippedModelWhenNoneIsGiven()
    {
        var image = Path.Combine(RepoRoot.Samples, "signed", "ai-generated.jpg");

        var run = Launcher.Run(Temp.Dir(), "scan", "--json", image);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        using var json = JsonDocument.Parse(run.Output.Trim());
        var model = json.RootElement.GetProperty("model");
        Assert.AreEqual("detector", model.GetProperty("name").GetString());
        Assert.AreEqual(Sha256(RepoModel), model.GetProperty("sha256").GetString());
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
