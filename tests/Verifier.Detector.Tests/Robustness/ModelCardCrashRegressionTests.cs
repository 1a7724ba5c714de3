using Verifier.Cli.Tests.Support;
using Verifier.Detector.Model;
using Verifier.Detector.Tests.Support;

namespace Verifier.Detector.Tests.Robustness;

/// <summary>
/// Model cards the <c>modelcard</c> fuzz target (fuzz/) found breaking the card's contract, kept under crashes/. Each
/// was accepted by <see cref="ModelCard.Parse"/> although its sample size wraps int (SampleLength 0: a division by zero
/// in Normalise, wrong buffer sizes in scanning); each must now be refused naming the file and the field.
/// </summary>
[TestClass]
public sealed class ModelCardCrashRegressionTests
{
    private static string Crashes => Path.Combine(RepoRoot.Path, "tests", "Verifier.Detector.Tests", "Robustness", "crashes");

    public static IEnumerable<object[]> Cards() =>
        Directory.GetFiles(Crashes, "*.json").Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    [TestMethod]
    [DynamicData(nameof(Cards))]
    public void CrashingCardIsRefusedNamingTheFileAndField(string name)
    {
        var path = Path.Combine(Crashes, name);
        var e = Assert.ThrowsExactly<DetectorModelException>(() => ModelCard.Load(path));
        Assert.AreEqual(path, e.FilePath);
        StringAssert.Contains(e.Message, "tileSize");
    }

    /// <summary>The bound that refuses them leaves the largest single-frame card the ranges allow (3 x 4096 x 4096) alone.</summary>
    [TestMethod]
    public void LargestImageCardIsStillAcceptedWithItsExactSampleLength()
    {
        var json = CardJson.Valid(tileSize: 4096);
        var card = ModelCard.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()), "big.json");
        Assert.AreEqual(3 * 4096 * 4096, card.SampleLength);

        json["inputLayout"] = ModelCard.LayoutNcthw;
        json["framesPerSample"] = 2;
        Assert.ThrowsExactly<DetectorModelException>(() => ModelCard.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()), "big.json"));
    }
}
