using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using Verifier.Generator.Autoencoder;
using Verifier.Generator.Diffusion;
using Verifier.Generator.Generation;
using Verifier.Generator.Training;
using static TorchSharp.torch;

namespace Verifier.Generator.Benchmark;

/// <summary>
/// Training steps per second of each part (with the trainer's optimiser, <see cref="FlatAdamW"/>) and sampled clips per
/// second, on fixed seeded inputs, and where a transformer step's time goes with each optimiser.
/// </summary>
public sealed record GeneratorBenchResult(
    string Device, double AutoencoderStepsPerSecond, double TransformerStepsPerSecond, double ClipsPerSecond,
    IReadOnlyList<StepPhases> TransformerPhases);

/// <summary>
/// Mean milliseconds of a training step's forward pass (with the loss), backward pass and optimiser step, each waited
/// for, and the loss before the first and after the last step: the batch is fixed, so a working step lowers it.
/// </summary>
public sealed record StepPhases(string Optimizer, double ForwardMs, double BackwardMs, double StepMs, float FirstLoss, float LastLoss)
{
    public double TotalMs => ForwardMs + BackwardMs + StepMs;
}

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

        Tensor TransformerLoss() => FlowMatching.Loss(model.Transformer, latent, noise, time, labels, condition);

        // The library's per-tensor AdamW first: the flat optimiser moves the parameters into its buffer for good.
        StepPhases perTensor;
        using (var library = optim.AdamW(model.Transformer.parameters(), 1e-4))
        {
            perTensor = Phases(config, device, "AdamW per tensor (TorchSharp)", TransformerLoss, () => library.zero_grad(), () => library.step());
        }

        var autoencoder = StepsPerSecond(config, model.Autoencoder.parameters(), () =>
            AutoencoderLoss.Compute(model.Autoencoder.forward(video).to(ScalarType.Float32), video.to(ScalarType.Float32)));
        using var flat = new FlatAdamW(model.Transformer.parameters(), 1e-4);
        var transformer = StepsPerSecond(config, flat, TransformerLoss);
        var flatPhases = Phases(config, device, "AdamW flat (Verifier)", TransformerLoss, flat.ZeroGrad, flat.Step);

        var generator = new VideoGenerator(model, device);
        var sampling = new SamplingOptions { Steps = config.SamplingSteps, Sampler = SamplerKind.Euler };
        generator.Generate(c.Frames, c.Size, seed: 0, sampling).Dispose();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < config.SampledClips; i++)
        {
            generator.Generate(c.Frames, c.Size, seed: i + 1, sampling).Dispose();
        }

        return new GeneratorBenchResult(device.ToString(), autoencoder, transformer, config.SampledClips / clock.Elapsed.TotalSeconds, [perTensor, flatPhases]);
    }

    private static double StepsPerSecond(GeneratorBenchConfig config, IEnumerable<Parameter> parameters, Func<Tensor> loss)
    {
        using var optimizer = new FlatAdamW(parameters, 1e-4);
        return StepsPerSecond(config, optimizer, loss);
    }

    private static double StepsPerSecond(GeneratorBenchConfig config, FlatAdamW optimizer, Func<Tensor> loss)
    {
        var clock = new Stopwatch();
        for (var step = 0; step < config.WarmupSteps + config.TimedSteps; step++)
        {
            if (step == config.WarmupSteps)
            {
                clock.Start();
            }

            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            var value = loss();
            value.backward();
            optimizer.Step();
            _ = value.item<float>();
        }

        return config.TimedSteps / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The same steps with the device waited for after each phase, so each phase's time is its own.</summary>
    private static StepPhases Phases(GeneratorBenchConfig config, Device device, string name, Func<Tensor> loss, Action zeroGrad, Action step)
    {
        var spent = new double[3];
        var losses = new List<float>();
        var clock = new Stopwatch();
        for (var i = 0; i < config.WarmupSteps + config.TimedSteps; i++)
        {
            using var scope = NewDisposeScope();
            var timed = i >= config.WarmupSteps;
            Wait(device);
            clock.Restart();
            zeroGrad();
            var value = loss();
            Wait(device);
            var forward = clock.Elapsed.TotalMilliseconds;
            value.backward();
            Wait(device);
            var backward = clock.Elapsed.TotalMilliseconds;
            step();
            losses.Add(value.item<float>());
            if (timed)
            {
                spent[0] += forward;
                spent[1] += backward - forward;
                spent[2] += clock.Elapsed.TotalMilliseconds - backward;
            }
        }

        using var after = NewDisposeScope();
        return new StepPhases(name, spent[0] / config.TimedSteps, spent[1] / config.TimedSteps, spent[2] / config.TimedSteps, losses[0], loss().item<float>());
    }

    private static void Wait(Device device)
    {
        if (device.type == DeviceType.CUDA)
        {
            cuda.synchronize(device);
        }
    }
}
