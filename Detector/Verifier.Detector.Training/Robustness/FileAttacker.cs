using Verifier.Detector.Scanning;
using Verifier.Detector.Scoring;
using Verifier.Detector.Training.Data;
using Verifier.Media;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Robustness;

/// <summary>
/// Attacks the tiles of one frame of one file and scores every outcome as the scanner would: the tiles the scanner's grid
/// places (at most <see cref="RobustnessRequest.TilesPerFile"/>), gradients from the twin, scores from ONNX Runtime
/// (DetectorModel), file logit = mean tile logit, then the card's calibration and verdict band. Each attacked frame is
/// scored four ways: the float pixels the attack made (never deliverable as a file), rounded to 8 bits (a PNG), after a
/// JPEG round trip and after an H.264 one; each against the clean frame under the same condition.
/// </summary>
internal sealed class FileAttacker(DetectorModel model, DetectorTwin twin, FrameReencoding reencoding, RobustnessRequest request)
{
    public const string None = "none";
    public const string FloatCondition = "float";
    public const string EightBitCondition = "8-bit png";

    public string JpegCondition => $"jpeg q{request.JpegQuality}";

    public IReadOnlyList<string> Conditions => [FloatCondition, EightBitCondition, JpegCondition, FrameReencoding.H264Condition];

    /// <summary>The largest |twin logit - ONNX Runtime logit| over every clean tile so far.</summary>
    public double TwinMaxDifference { get; private set; }

    public async Task<AttackedFile> AttackAsync(CorpusItem item, Frame frame, CancellationToken cancellation)
    {
        var tile = model.Card.TileSize;
        var rects = TileGrid.Place(frame.Width, frame.Height, tile, request.TilesPerFile);
        var clean = Samples(frame, rects);
        var scores = new List<AttackScore>();
        var cleanLogits = Logits(clean);
        CheckTwin(clean, rects.Count, cleanLogits);
        scores.Add(Score(None, 0, FloatCondition, cleanLogits));
        scores.Add(Score(None, 0, EightBitCondition, cleanLogits));
        scores.Add(Score(None, 0, JpegCondition, Logits(Samples(FrameReencoding.Jpeg(frame, request.JpegQuality), rects))));
        scores.Add(Score(None, 0, FrameReencoding.H264Condition, Logits(Samples(await reencoding.H264Async(frame, cancellation).ConfigureAwait(false), rects))));

        // Towards the other label: raise the logit of a real file, lower that of an AI one.
        var direction = item.IsAi ? -1f : 1f;
        using var pixels = tensor(clean, [rects.Count, 3, tile, tile]);
        Tensor Objective(Tensor p)
        {
            using var logits = twin.Logits(p);
            return (logits * direction).sum();
        }

        foreach (var levels in request.Epsilons)
        {
            var epsilon = levels / 255;
            foreach (var (attack, run) in new (string, Func<Tensor>)[]
            {
                ("fgsm", () => AdversarialAttacks.Fgsm(Objective, pixels, epsilon)),
                ("pgd", () => AdversarialAttacks.Pgd(Objective, pixels, epsilon, request.PgdSteps, epsilon / 4)),
            })
            {
                cancellation.ThrowIfCancellationRequested();
                float[] attacked;
                using (var adversarial = run())
                {
                    attacked = adversarial.data<float>().ToArray();
                }

                scores.Add(Score(attack, levels, FloatCondition, Logits(attacked)));
                var saved = Paste(frame, rects, attacked);
                scores.Add(Score(attack, levels, EightBitCondition, Logits(Samples(saved, rects))));
                scores.Add(Score(attack, levels, JpegCondition, Logits(Samples(FrameReencoding.Jpeg(saved, request.JpegQuality), rects))));
                var h264 = await reencoding.H264Async(saved, cancellation).ConfigureAwait(false);
                scores.Add(Score(attack, levels, FrameReencoding.H264Condition, Logits(Samples(h264, rects))));
            }
        }

        return new AttackedFile(item.Path, item.Label, item.Family, rects.Count, scores);
    }

    /// <summary>The tiles at <paramref name="rects"/> as planar RGB in [0, 1], back to back (the scanner's sample layout).</summary>
    private float[] Samples(Frame frame, IReadOnlyList<TileRect> rects)
    {
        var card = model.Card;
        var samples = new float[rects.Count * card.SampleLength];
        for (var i = 0; i < rects.Count; i++)
        {
            TileSamples.Write(frame, rects[i], card.TileSize, 1, 0, samples.AsSpan(i * card.SampleLength, card.SampleLength));
        }

        return samples;
    }

    /// <summary>A copy of <paramref name="frame"/> with the attacked tiles written in, rounded to 8 bits as any saved file is.</summary>
    private Frame Paste(Frame frame, IReadOnlyList<TileRect> rects, float[] tiles)
    {
        var tile = model.Card.TileSize;
        var plane = tile * tile;
        var rgb = (byte[])frame.Rgb.Clone();
        for (var i = 0; i < rects.Count; i++)
        {
            for (var y = 0; y < tile; y++)
            {
                for (var x = 0; x < tile; x++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        var value = tiles[(i * 3 * plane) + (c * plane) + (y * tile) + x];
                        rgb[((((rects[i].Y + y) * frame.Width) + rects[i].X + x) * 3) + c] = (byte)Math.Clamp(Math.Round(value * 255), 0, 255);
                    }
                }
            }
        }

        return new Frame(frame.Width, frame.Height, rgb, frame.TimeSeconds);
    }

    private float[] Logits(float[] pixels)
    {
        var samples = (float[])pixels.Clone();
        model.Card.Normalise(samples);
        return [.. model.Score(samples).Select(s => s.Logit)];
    }

    private void CheckTwin(float[] pixels, int count, float[] onnxLogits)
    {
        var tile = model.Card.TileSize;
        using var noGrad = no_grad();
        using var input = tensor(pixels, [count, 3, tile, tile]);
        using var logits = twin.Logits(input);
        var twinLogits = logits.data<float>().ToArray();
        for (var i = 0; i < count; i++)
        {
            TwinMaxDifference = Math.Max(TwinMaxDifference, Math.Abs(twinLogits[i] - onnxLogits[i]));
        }
    }

    /// <summary>Calibrated tile scores, and the file's: the mean tile logit calibrated (one frame, so the scanner's mean over frames is that).</summary>
    private AttackScore Score(string attack, double levels, string condition, float[] logits)
    {
        var card = model.Card;
        var probability = card.Calibration.ProbabilityOfAi((float)logits.Average(l => (double)l));
        return new AttackScore(attack, levels, condition, probability, card.Thresholds.VerdictFor(probability).ToString().ToLowerInvariant(),
            [.. logits.Select(card.Calibration.ProbabilityOfAi)]);
    }
}
