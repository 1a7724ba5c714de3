using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Detector.Training.Training;
using Verifier.Generator.Benchmark;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier bench generator [--device cpu|cuda] [--config tiny|small] [--write-config FILE]</c>: training steps/s of
/// the autoencoder and the transformer and sampled clips/s for a fixed configuration (<see cref="GeneratorBenchConfig"/>);
/// <c>--write-config</c> also writes that configuration for the PyTorch twin (bench/generator_twin.py). Prints; asserts nothing.
/// </summary>
public static class BenchGeneratorCommand
{
    public static Command Create(CliContext context)
    {
        var device = new Option<string>("--device") { Description = "Where to run (bf16 on CUDA, fp32 on the CPU)", DefaultValueFactory = _ => "cpu", HelpName = "cpu|cuda" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var config = new Option<string>("--config") { Description = "tiny (5 frames at 32x32, batch 4) or small (the default model: 17 frames at 64x64, batch 2)", DefaultValueFactory = _ => "tiny", HelpName = "tiny|small" };
        config.AcceptOnlyFromAmong("tiny", "small");
        var write = new Option<string?>("--write-config") { Description = "Also write the configuration as JSON for bench/generator_twin.py", HelpName = "FILE" };
        var threads = TorchThreads.Option();
        var command = new Command("generator", "Generator training steps/s (autoencoder, transformer) and sampling clips/s") { device, config, write, threads };
        command.SetAction(parse =>
        {
            TorchThreads.Apply(parse.GetValue(threads));
            TorchSharp.torch.Device torchDevice;
            try
            {
                torchDevice = TorchDevices.Resolve(parse.GetRequiredValue(device));
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }

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
            return ExitCodes.Trusted;
        });
        return command;
    }
}
