using Verifier.Detector.Model;
using Verifier.Detector.Reports;

namespace Verifier.Detector.Scanning;

/// <summary>
/// How tile logits become the report's scores, in one place. Means are taken over raw logits, and only the result is
/// calibrated (card temperature, then the card's verdict band):
/// <list type="bullet">
/// <item>a tile's p_ai is its own logit, calibrated;</item>
/// <item>a frame's logit is the mean of its tiles' logits;</item>
/// <item>the segment of second s is the mean of the logits of the frames whose time lies in [s, s + 1);</item>
/// <item>the file's logit is the mean of all frame logits (so each scored frame counts once, wherever it lies).</item>
/// </list>
/// </summary>
internal static class ScoreAggregation
{
    public static AggregatedScores Aggregate(IReadOnlyList<ScoredFrame> scored, ModelCard card, bool perSecond, double durationSeconds)
    {
        if (scored.Count == 0)
        {
            throw new ArgumentException("at least one scored frame is needed", nameof(scored));
        }

        var ordered = scored.OrderBy(f => f.TimeSeconds).ToList();
        var frameLogits = ordered.Select(f => Mean(f.Logits)).ToList();
        var frames = new List<FrameScore>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var frame = ordered[i];
            var tiles = new List<TileResult>(frame.Tiles.Count);
            for (var t = 0; t < frame.Tiles.Count; t++)
            {
                var rect = frame.Tiles[t];
                tiles.Add(new TileResult(rect.X, rect.Y, rect.Width, rect.Height, Calibrate(card, frame.Logits[t])));
            }

            frames.Add(new FrameScore(frame.TimeSeconds, Calibrate(card, frameLogits[i]), tiles));
        }

        var segments = new List<SegmentScore>();
        if (perSecond)
        {
            foreach (var second in Enumerable.Range(0, ordered.Count).GroupBy(i => Math.Floor(ordered[i].TimeSeconds)))
            {
                var end = durationSeconds > second.Key ? Math.Min(second.Key + 1, durationSeconds) : second.Key + 1;
                segments.Add(new SegmentScore(second.Key, end, Calibrate(card, second.Average(i => frameLogits[i]))));
            }
        }

        var probability = Calibrate(card, frameLogits.Average());
        return new AggregatedScores(probability, card.Thresholds.VerdictFor(probability), frames, segments);
    }

    /// <summary>The JSON word for a verdict (lower case, as the report contract has it).</summary>
    public static string Word(Verdict verdict) => verdict switch
    {
        Verdict.Ai => "ai",
        Verdict.Real => "real",
        _ => "inconclusive",
    };

    private static double Mean(float[] logits)
    {
        var sum = 0.0;
        foreach (var logit in logits)
        {
            sum += logit;
        }

        return sum / logits.Length;
    }

    // Calibration takes a float logit (what the net returns); a mean is rounded to float only at this last step.
    private static double Calibrate(ModelCard card, double logit) => card.Calibration.ProbabilityOfAi((float)logit);
}

/// <summary>The file's calibrated score and verdict, its frames (time order, with tiles) and its per-second segments.</summary>
internal sealed record AggregatedScores(
    double ProbabilityOfAi, Verdict Verdict, IReadOnlyList<FrameScore> Frames, IReadOnlyList<SegmentScore> Segments);
