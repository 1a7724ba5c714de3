using System.Text;
using System.Text.Json.Nodes;
using Verifier.Detector.Model;
using Verifier.Detector.Tests.Support;

namespace Verifier.Detector.Tests.Model;

/// <summary>Card parsing, and errors that name the file and the field at fault.</summary>
[TestClass]
public sealed class ModelCardTests
{
    private const string Source = "/models/detector.json";

    [TestMethod]
    public void ValidCardParsesEveryField()
    {
        var card = Parse(CardJson.Valid());

        Assert.AreEqual("tiny-test-detector", card.Name);
        Assert.AreEqual("0.0.1", card.Version);
        Assert.AreEqual(ModelCard.LayoutNchw, card.InputLayout);
        Assert.AreEqual(8, card.TileSize);
        Assert.AreEqual(1, card.FramesPerSample);
        Assert.AreEqual(3 * 8 * 8, card.SampleLength);
        CollectionAssert.AreEqual(new[] { 0.229f, 0.224f, 0.225f }, card.Normalisation.Std.ToArray());
        Assert.AreEqual(2.0, card.Calibration.Temperature);
        Assert.AreEqual(0.3, card.Thresholds.RealAtMost);
        Assert.AreEqual(0.7, card.Thresholds.AiAtLeast);
        Assert.AreEqual(2, card.TrainingFamilies.Count);
        Assert.AreEqual(0.97, card.TrainingFamilies[1].Figures["auc"]);
        Assert.AreEqual(56, card.HeldOutFamilies.Single().Items);
        Assert.AreEqual(0.42, card.HeldOutFamilies.Single().Figures["tprAt1PctFpr"]);
    }

    [TestMethod]
    public void SavedCardHasTheFieldNamesLoadReadsAndRoundTrips()
    {
        var card = Parse(CardJson.Valid());
        using var folder = new TempFolder();
        var path = folder.File("saved.json");

        card.Save(path);
        var written = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var again = ModelCard.Load(path);

        CollectionAssert.AreEquivalent(CardJson.Valid().Select(p => p.Key).ToArray(), written.Select(p => p.Key).ToArray());
        Assert.AreEqual(card.Name, again.Name);
        Assert.AreEqual(card.SampleLength, again.SampleLength);
        CollectionAssert.AreEqual(card.Normalisation.Mean.ToArray(), again.Normalisation.Mean.ToArray());
        Assert.AreEqual(card.Calibration, again.Calibration);
        Assert.AreEqual(card.Thresholds, again.Thresholds);
        Assert.AreEqual(0.97, again.TrainingFamilies[1].Figures["auc"]);
        Assert.AreEqual(0.42, again.HeldOutFamilies.Single().Figures["tprAt1PctFpr"]);
    }

    [TestMethod]
    public void CardPathIsTheModelPathWithJson()
    {
        Assert.AreEqual(Path.Combine("models", "detector.json"), ModelCard.PathFor(Path.Combine("models", "detector.onnx")));
    }

    [TestMethod]
    [DataRow("tileSize")]
    [DataRow("calibration")]
    [DataRow("heldOutFamilies")]
    public void MissingFieldIsNamed(string field)
    {
        var json = CardJson.Valid();
        json.Remove(field);

        AssertRejected(json, field);
    }

    [TestMethod]
    public void UnknownFieldIsNamedSoTyposDoNotPassSilently()
    {
        var json = CardJson.Valid();
        json["tileSzie"] = 8;

        AssertRejected(json, "tileSzie");
    }

    [TestMethod]
    public void WrongTypeIsNamedWithItsJsonPath()
    {
        var json = CardJson.Valid();
        json["tileSize"] = "large";

        AssertRejected(json, "$.tileSize");
    }

    [TestMethod]
    public void NullWhereAValueIsRequiredIsRejected()
    {
        var json = CardJson.Valid();
        json["name"] = null;

        AssertRejected(json, "name");
    }

    [TestMethod]
    public void OutOfRangeValuesNameTheirField()
    {
        AssertRejected(With(j => j["normalisation"]!["std"]![1] = 0), "normalisation.std[1]");
        AssertRejected(With(j => j["normalisation"]!["mean"] = new JsonArray(0.5, 0.5)), "normalisation");
        AssertRejected(With(j => j["calibration"]!["temperature"] = 0), "calibration.temperature");
        AssertRejected(With(j => j["thresholds"]!["realAtMost"] = 0.8), "thresholds");
        AssertRejected(With(j => j["inputLayout"] = "NHWC"), "inputLayout");
        AssertRejected(With(j => j["framesPerSample"] = 8), "framesPerSample");
        AssertRejected(With(j => j["tileSize"] = 0), "tileSize");
        AssertRejected(With(j => j["heldOutFamilies"]![0]!["items"] = -1), "heldOutFamilies[0].items");
        AssertRejected(With(j => j["trainingFamilies"]![1]!["name"] = " "), "trainingFamilies[1].name");
    }

    [TestMethod]
    public void AFamilyHeadRoundTripsAndABadOneIsNamed()
    {
        var json = With(j => j["familyHead"] = new JsonObject { ["classes"] = new JsonArray("real", "sora", "veo"), ["weight"] = 0.3 });
        var card = Parse(json);
        using var folder = new TempFolder();
        card.Save(folder.File("head.json"));
        var again = ModelCard.Load(folder.File("head.json"));

        CollectionAssert.AreEqual(new[] { "real", "sora", "veo" }, again.FamilyHead!.Classes.ToArray());
        Assert.AreEqual(0.3, again.FamilyHead.Weight);
        Assert.IsNull(Parse(CardJson.Valid()).FamilyHead, "cards without a head still parse");
        AssertRejected(With(j => j["familyHead"] = new JsonObject { ["classes"] = new JsonArray("real"), ["weight"] = 0.3 }), "familyHead.classes");
        AssertRejected(With(j => j["familyHead"] = new JsonObject { ["classes"] = new JsonArray("real", "real"), ["weight"] = 0.3 }), "familyHead.classes");
        AssertRejected(With(j => j["familyHead"] = new JsonObject { ["classes"] = new JsonArray("real", "sora"), ["weight"] = 0 }), "familyHead.weight");
    }

    [TestMethod]
    public void VideoLayoutTakesSeveralFramesPerSample()
    {
        var card = Parse(With(j =>
        {
            j["inputLayout"] = ModelCard.LayoutNcthw;
            j["framesPerSample"] = 4;
        }));

        Assert.AreEqual(3 * 4 * 8 * 8, card.SampleLength);
    }

    [TestMethod]
    public void NotJsonIsRejectedNamingTheFile()
    {
        var e = Assert.ThrowsExactly<DetectorModelException>(() => ModelCard.Parse("detector weights\0\u0001"u8, Source));

        Assert.AreEqual(Source, e.FilePath);
        StringAssert.StartsWith(e.Message, Source + ": not a valid model card");
    }

    [TestMethod]
    public void MissingCardFileIsRejectedNamingIt()
    {
        using var folder = new TempFolder();
        var path = folder.File("absent.json");

        var e = Assert.ThrowsExactly<DetectorModelException>(() => ModelCard.Load(path));

        Assert.AreEqual(path, e.FilePath);
        StringAssert.Contains(e.Message, path);
    }

    [TestMethod]
    public void LoadReadsTheCardFromDisk()
    {
        using var folder = new TempFolder();
        var path = folder.File("detector.json");
        CardJson.Write(CardJson.Valid(tileSize: 16), path);

        Assert.AreEqual(16, ModelCard.Load(path).TileSize);
    }

    [TestMethod]
    public void NormaliseAppliesEachChannelsMeanAndStdToItsPlane()
    {
        var card = Parse(With(j =>
        {
            j["tileSize"] = 2;
            j["normalisation"] = new JsonObject { ["mean"] = new JsonArray(0.5, 0.25, 0.0), ["std"] = new JsonArray(0.5, 0.25, 2.0) };
        }));
        // Two samples of 3 channels x 2 x 2 pixels, every pixel 1.0: per channel (1 - mean) / std = 1, 3, 0.5.
        var samples = Enumerable.Repeat(1f, 2 * 3 * 4).ToArray();

        card.Normalise(samples);

        float[] perSample = [1, 1, 1, 1, 3, 3, 3, 3, 0.5f, 0.5f, 0.5f, 0.5f];
        CollectionAssert.AreEqual(perSample.Concat(perSample).ToArray(), samples);
        Assert.ThrowsExactly<ArgumentException>(() => card.Normalise(new float[5]));
    }

    private static JsonObject With(Action<JsonObject> change)
    {
        var json = CardJson.Valid();
        change(json);
        return json;
    }

    private static ModelCard Parse(JsonObject json) => ModelCard.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()), Source);

    private static void AssertRejected(JsonObject json, string field)
    {
        var e = Assert.ThrowsExactly<DetectorModelException>(() => Parse(json));
        Assert.AreEqual(Source, e.FilePath);
        StringAssert.StartsWith(e.Message, Source + ": ");
        StringAssert.Contains(e.Message, field);
    }
}
