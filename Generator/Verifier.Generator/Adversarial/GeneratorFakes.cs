using Verifier.Detector.Model;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Training;
using Verifier.Generator.Diffusion;
using Verifier.Generator.Generation;
using Verifier.Generator.Training;
using static TorchSharp.torch;

namespace Verifier.Generator.Adversarial;

/// <summary>
/// The generator's fakes for a round, as clips [3, F, S, S] on the CPU: sampled from seeded noise, or real clips
/// passed through the autoencoder (aligned fakes: the real content with the generator's fingerprint). And how a
/// detector judges them: a clip is called real when the mean logit of its tiles is below 0 (p(AI) &lt; 0.5, the
/// balanced point of the detector's class-weighted loss).
/// </summary>
public static class GeneratorFakes
{
    public const string SampledFamily = "verifier-gen (sampled)";
    public const string AlignedFamily = "verifier-gen (aligned)";
    public const string RealClipFamily = "real clips at generator scale";

    public static List<Tensor> Sample(VideoGenerator generator, int count, long seed, int steps)
    {
        var config = generator.Model.Config;
        var sampling = new SamplingOptions { Steps = steps, Sampler = SamplerKind.Euler };
        return [.. Enumerable.Range(0, count).Select(i => generator.Generate(config.Frames, config.Size, (seed * 1000) + i, sampling))];
    }

    public static List<Tensor> Reconstruct(VideoGenerator generator, ClipSet clips, IEnumerable<int> indices)
    {
        var fakes = new List<Tensor>();
        foreach (var index in indices)
        {
            using var real = clips.Batch([index]);
            using var clip = real[0];
            fakes.Add(generator.Reconstruct(clip));
        }

        return fakes;
    }

    public static List<TrainingTile> Tiles(IEnumerable<Tensor> clips, int tileSize, bool isAi, string family) =>
        [.. clips.SelectMany((clip, i) => DetectorInput.TrainingTiles(clip, tileSize, isAi, family, $"{family} #{i}"))];

    /// <summary>The share of <paramref name="fakes"/> the detector calls real, and their mean tile logit.</summary>
    public static (double FoolingRate, double MeanLogit) Judge(DetectorNet detector, ModelCard card, IReadOnlyList<Tensor> fakes, Device device)
    {
        var tiles = Tiles(fakes, card.TileSize, isAi: true, SampledFamily);
        var logits = NetLogits.Of(detector, tiles, card, batchSize: 64, device);
        var perClip = tiles.Count / fakes.Count;
        var fooled = Enumerable.Range(0, fakes.Count).Count(c => logits.Skip(c * perClip).Take(perClip).Average() < 0);
        return ((double)fooled / fakes.Count, logits.Average());
    }
}
