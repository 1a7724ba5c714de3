using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using Verifier.Generator.Autoencoder;
using Verifier.Generator.Diffusion;
using Verifier.Generator.Generation;
using static TorchSharp.torch;

namespace Verifier.Generator.Benchmark;

/// <summary>Training steps per second of each part and sampled clips per second, on fixed seeded inputs.</summary>
public sealed record GeneratorBenchResult(string Device, double AutoencoderStepsPerSecond, double TransformerStepsPerSecond, double ClipsPerSecond);

/// <summary>
/// Times what training and generation do, on seeded random inputs (the figures do not depend on the pixels): an
/// AdamW step of the autoencoder on L1 + edge loss, an AdamW step of the transformer on flow matching over latents of
/// the batch's shape (unconditional, as the twin does), and whole clips from noise (Euler steps, then decode). Each
/// step ends by reading its loss, which waits for the device, so the clock sees finished work.
/// </summary>
public static class GeneratorBenchmark
{
    public static GeneratorBenchConfig WithParameterCounts(GeneratorBenchConfig config)
    {
        using var model = new GeneratorModel(config.Model);
        return config with
        {
            AutoencoderParameters = model.Autoencoder.parameters().Sum(p => p.numel()),
            TransformerParameters = model.Transformer.parameters().Sum(p => p.numel()),
        };
    }

    public static GeneratorBenchResult Run(GeneratorBenchConfig config, Device device)
    {
        var dtype = Precision.For(device);
        manual_seed(1);
        using var model = new GeneratorModel(config.Model);
        model.to(dtype).to(device);
        model.train();
        var c = config.Model;
        var latentSide = c.Size / GeneratorConfig.SpatialCompression;
        using var video = (rand([config.BatchSize, 3, c.Frames, c.Size, c.Size]) * 2 - 1).to(dtype, device);
        using var latent = randn([config.BatchSize, c.LatentChannels, GeneratorConfig.LatentFrames(c.Frames), latentSide, latentSide]).to(dtype, device);
        using var noise = randn(latent.shape).to(dtype, device);
        using var time = rand([config.BatchSize]).to(dtype, device);
        using var labels = full(config.BatchSize, model.Transformer.NullLabel, ScalarType.Int64, device);
        using var condition = FirstFrameCondition.None(latent);

        var autoencoder = StepsPerSecond(config, model.Autoencoder.parameters(), () =>
            AutoencoderLoss.Compute(model.Autoencoder.forward(video).to(ScalarType.Float32), video.to(ScalarType.Float32)));
        var transformer = StepsPerSecond(config, model.Transformer.parameters(), () =>
            FlowMatching.Loss(model.Transformer, latent, noise, time, labels, condition));

        var generator = new VideoGenerator(model, device);
        var sampling = new SamplingOptions { Steps = config.SamplingSteps, Sampler = SamplerKind.Euler };
        generator.Generate(c.Frames, c.Size, seed: 0, sampling).Dispose();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < config.SampledClips; i++)
        {
            generator.Generate(c.Frames, c.Size, seed: i + 1, sampling).Dispose();
        }

        return new GeneratorBenchResult(device.ToString(), autoencoder, transformer, config.SampledClips / clock.Elapsed.TotalSeconds);
    }

    private static double StepsPerSecond(GeneratorBenchConfig config, IEnumerable<Parameter> parameters, Func<Tensor> loss)
    {
        using var optimizer = optim.AdamW(parameters, 1e-4);
        var clock = new Stopwatch();
        for (var step = 0; step < config.WarmupSteps + config.TimedSteps; step++)
        {
            if (step == config.WarmupSteps)
            {
                clock.Start();
            }

            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var value = loss();
            value.backward();
            optimizer.step();
            _ = value.item<float>();
        }

        return config.TimedSteps / clock.Elapsed.TotalSeconds;
    }
}
