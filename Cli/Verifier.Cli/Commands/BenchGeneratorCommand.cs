using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Detector.Training.Training;
using Verifier.Generator.Benchmark;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier bench generator [--device cpu|cuda] [--config tiny|small|gpu] [--write-config FILE]</c>: training steps/s
/// of the autoencoder and the transformer and sampled clips/s for a fixed configuration (<see cref="GeneratorBenchConfig"/>),
/// then where a transformer step's time goes with TorchSharp's per-tensor AdamW and with the trainer's flat one;
/// <c>--write-config</c> also writes that configuration for the PyTorch twin (bench/generator_twin.py). Prints; asserts nothing.
/// </summary>
public static class BenchGeneratorCommand
{
    public static Command Create(CliContext context)
    {
        var device = new Option<string>("--device") { Description = "Where to run (bf16 on CUDA, fp32 on the CPU)", DefaultValueFactory = _ => "cpu", HelpName = "cpu|cuda" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var config = new Option<string>("--config") { Description = "tiny (5 frames at 32x32, batch 4), small (the default model: 17 frames at 64x64, batch 2) or gpu (a width-768, 12-block transformer over 2,048 tokens, batch 8)", DefaultValueFactory = _ => "tiny", HelpName = "tiny|small|gpu" };
        config.AcceptOnlyFromAmong("tiny", "small", "gpu");
        var write = new Option<string?>("--write-config") { Description = "Also write the configuration as JSON for bench/generator_twin.py", HelpName = "FILE" };
        var threads = TorchThreads.Option();
        var command = new Command("generator", "Generator training steps/s (autoencoder, transformer) and sampling clips/s") { device, config, write, threads };
        command.SetAction(parse =>
        {
            TorchThreads.Apply(parse.GetValue(threads));
            var torchDevice = TorchDeviceChoice.Resolve(parse.GetRequiredValue(device));

            var settings = GeneratorBenchmark.WithParameterCounts(GeneratorBenchConfig.For(parse.GetRequiredValue(config)));
            if (parse.GetValue(write) is { } path)
            {
                settings.Write(path);
                context.Output.WriteLine($"wrote {Printable.Clean(path)}");
            }

            var m = settings.Model;
            context.Output.WriteLine($"config {parse.GetRequiredValue(config)} ({m.Name}): {m.Frames} frames at {m.Size}x{m.Size}, batch {settings.BatchSize}, " +
                $"{settings.AutoencoderParameters:N0} + {settings.TransformerParameters:N0} parameters (autoencoder + transformer), " +
                $"{settings.TimedSteps} timed steps after {settings.WarmupSteps} warm-up; {settings.SampledClips} clips of {settings.SamplingSteps} Euler steps");
            var result = GeneratorBenchmark.Run(settings, torchDevice);
            context.Output.WriteLine($"| device | autoencoder steps/s | transformer steps/s | sampling clips/s |");
            context.Output.WriteLine($"|---|---|---|---|");
            context.Output.WriteLine($"| {result.Device} | {result.AutoencoderStepsPerSecond:0.000} | {result.TransformerStepsPerSecond:0.000} | {result.ClipsPerSecond:0.000} |");
            context.Output.WriteLine();
            context.Output.WriteLine("transformer step, each phase waited for:");
            context.Output.WriteLine("| optimiser | forward ms | backward ms | step ms | total ms | loss on the fixed batch, first -> last |");
            context.Output.WriteLine("|---|---|---|---|---|---|");
            foreach (var p in result.TransformerPhases)
            {
                context.Output.WriteLine($"| {p.Optimizer} | {p.ForwardMs:0.00} | {p.BackwardMs:0.00} | {p.StepMs:0.00} | {p.TotalMs:0.00} | {p.FirstLoss:0.0000} -> {p.LastLoss:0.0000} |");
            }
            return ExitCodes.Trusted;
        });
        return command;
    }
}
