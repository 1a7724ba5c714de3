using Verifier.Detector.Model;
using Verifier.Detector.Scanning;
using Verifier.Detector.Tests.Support;

namespace Verifier.Detector.Tests.Scanning;

/// <summary>Tile logits to frame, second and file scores, checked against plain loops over hand-picked logits.</summary>
[TestClass]
public sealed class ScoreAggregationTests
{
    [TestMethod]
    public void MeansOfLogitsAreCalibratedPerFrameSecondAndFile()
    {
        var card = ModelCard.Parse(System.Text.Encoding.UTF8.GetBytes(CardJson.Valid(8, temperature: 2.0).ToJsonString()), "card");
        var tile = new TileRect(0, 0, 8, 8);
        float[][] logits = [[1f, 3f], [-2f, 0f], [4f, 4f], [0.5f, -0.5f]];
        double[] times = [1.5, 0.2, 0.7, 2.25];
        var frames = new List<ScoredFrame>();
        for (var i = 0; i < times.Length; i++)
        {
            var frame = new ScoredFrame(times[i], [tile, tile with { X = 8 }]);
            logits[i].CopyTo(frame.Logits, 0);
            frames.Add(frame);
        }

        var result = ScoreAggregation.Aggregate(frames, card, perSecond: true, durationSeconds: 2.5);

        // Frames come back in time order: 0.2 (-1), 0.7 (4), 1.5 (2), 2.25 (0).
        double[] frameLogits = [-1, 4, 2, 0];
        CollectionAssert.AreEqual(new[] { 0.2, 0.7, 1.5, 2.25 }, result.Frames.Select(f => f.TimeSeconds).ToArray());
        for (var i = 0; i < 4; i++)
        {
            Assert.AreEqual(Reference.Sigmoid(frameLogits[i] / 2), result.Frames[i].ProbabilityOfAi, 1e-6, $"frame {i}");
        }

        Assert.AreEqual(Reference.Sigmoid(-2.0 / 2), result.Frames[0].Tiles[0].ProbabilityOfAi, 1e-6, "tile of frame 0.2");
        Assert.AreEqual(8, result.Frames[0].Tiles[1].X);

        // Second 0 holds -1 and 4 (mean 1.5); second 1 holds 2; second 2 holds 0 and ends at the clip's end.
        Assert.HasCount(3, result.Segments);
        Assert.AreEqual((0.0, 1.0), (result.Segments[0].StartSeconds, result.Segments[0].EndSeconds));
        Assert.AreEqual(Reference.Sigmoid(1.5 / 2), result.Segments[0].ProbabilityOfAi, 1e-6);
        Assert.AreEqual(Reference.Sigmoid(2.0 / 2), result.Segments[1].ProbabilityOfAi, 1e-6);
        Assert.AreEqual((2.0, 2.5), (result.Segments[2].StartSeconds, result.Segments[2].EndSeconds));

        // File: mean of the four frame logits = 1.25 -> sigmoid(0.625) = 0.651: inside the 0.3..0.7 band.
        Assert.AreEqual(Reference.Sigmoid(1.25 / 2), result.ProbabilityOfAi, 1e-6);
        Assert.AreEqual(Verdict.Inconclusive, result.Verdict);
    }

    [TestMethod]
    public void AnImageHasNoSegments()
    {
        var card = ModelCard.Parse(System.Text.Encoding.UTF8.GetBytes(CardJson.Valid(8).ToJsonString()), "card");
        var frame = new ScoredFrame(0, [new TileRect(0, 0, 8, 8)]);
        frame.Logits[0] = 9f;

        var result = ScoreAggregation.Aggregate([frame], card, perSecond: false, durationSeconds: 0);

        Assert.IsEmpty(result.Segments);
        Assert.AreEqual(Verdict.Ai, result.Verdict);
        Assert.AreEqual("ai", ScoreAggregation.Word(result.Verdict));
    }
}
