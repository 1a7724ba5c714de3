using System.Text.Json.Nodes;

namespace Verifier.Detector.Tests.Support;

/// <summary>Model card JSON for tests: a valid card that each test bends the way it needs.</summary>
internal static class CardJson
{
    public static JsonObject Valid(int tileSize = 8, double temperature = 2.0, double realAtMost = 0.3, double aiAtLeast = 0.7) => new()
    {
        ["name"] = "tiny-test-detector",
        ["version"] = "0.0.1",
        ["inputLayout"] = "NCHW",
        ["channels"] = 3,
        ["tileSize"] = tileSize,
        ["framesPerSample"] = 1,
        ["normalisation"] = new JsonObject
        {
            ["mean"] = new JsonArray(0.485, 0.456, 0.406),
            ["std"] = new JsonArray(0.229, 0.224, 0.225),
        },
        ["calibration"] = new JsonObject { ["temperature"] = temperature },
        ["thresholds"] = new JsonObject { ["realAtMost"] = realAtMost, ["aiAtLeast"] = aiAtLeast },
        ["trainingFamilies"] = new JsonArray(
            new JsonObject { ["name"] = "real-camera", ["items"] = 1200, ["figures"] = new JsonObject() },
            new JsonObject { ["name"] = "sd-1.5", ["items"] = 800, ["figures"] = new JsonObject { ["auc"] = 0.97 } }),
        ["heldOutFamilies"] = new JsonArray(
            new JsonObject { ["name"] = "sora", ["items"] = 56, ["figures"] = new JsonObject { ["auc"] = 0.81, ["tprAt1PctFpr"] = 0.42 } }),
    };

    public static void Write(JsonObject card, string path) => File.WriteAllText(path, card.ToJsonString());
}
