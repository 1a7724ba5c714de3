using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Generator.Adversarial;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier train adversarial --data DIR... --out DIR --rounds K [--detector M] [--generator G] [--steps N]
/// [--device auto|cpu|cuda] [--seed S]</c>: alternates detector and generator fine-tunes (<see cref="AdversarialTraining"/>),
/// saving each round under OUT/round-NNN/ (a rerun resumes after the last one) and writing OUT/report.json + report.md.
/// </summary>
public static class AdversarialTrainCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string[]>("--data") { Description = "Corpus folder (MANIFEST.tsv, or real/ and ai/ subfolders); repeatable", Required = true, AllowMultipleArgumentsPerToken = true, HelpName = "DIR" };
        var output = new Option<string>("--out") { Description = "Output folder: round-NNN/ checkpoints, report.json, report.md", Required = true, HelpName = "DIR" };
        var rounds = new Option<int>("--rounds") { Description = "Adversarial rounds after round 0 (the starting point, measured only)", DefaultValueFactory = _ => 3, HelpName = "K" };
        var detector = new Option<string?>("--detector") { Description = "Start from a detector trained by 'verifier train detector --out M' (its M.checkpoint/); default: a fresh small net", HelpName = "M" };
        var generator = new Option<string?>("--generator") { Description = $"Generator model folder to start from; default ${ModelLocation.GeneratorEnvironmentVariable}, then {ModelLocation.GeneratorDefaultRelative} beside the executable", HelpName = "G" };
        var steps = new Option<int>("--steps") { Description = "Generator (transformer) fine-tuning steps per round", DefaultValueFactory = _ => 50, HelpName = "N" };
        var epochs = new Option<int>("--detector-epochs") { Description = "Detector fine-tuning epochs per round", DefaultValueFactory = _ => 1, HelpName = "N" };
        var lambda = new Option<double>("--lambda") { Description = "Weight of the fool-the-detector term against the flow loss", DefaultValueFactory = _ => 0.5, HelpName = "L" };
        var fakes = new Option<int>("--fakes") { Description = "Clips sampled, and real clips reconstructed, per round", DefaultValueFactory = _ => 16, HelpName = "N" };
        var perFamily = new Option<int?>("--items-per-family") { Description = "Use at most N corpus items of each family (a quicker subset)", HelpName = "N" };
        var tileSize = new Option<int>("--tile-size") { Description = "Tile side of a fresh detector (must divide the generator's clip size)", DefaultValueFactory = _ => 32, HelpName = "PIXELS" };
        var device = DeviceOption.Create("Where to train");
        var seed = new Option<int>("--seed") { Description = "Seeds the split, tiles, fakes, batches and noise", DefaultValueFactory = _ => 1, HelpName = "S" };
        var threads = TorchThreads.Option();

        var command = new Command("adversarial", "Alternate detector and generator training; report the detector's AUC on held-out families and the generator's fooling rate per round")
        {
            data, output, rounds, detector, generator, steps, epochs, lambda, fakes, perFamily, tileSize, device, seed, threads,
        };
        command.SetAction((parse, cancellation) =>
        {
            var options = new AdversarialOptions
            {
                Rounds = parse.GetValue(rounds), GeneratorSteps = parse.GetValue(steps), DetectorEpochs = parse.GetValue(epochs),
                Lambda = parse.GetValue(lambda), SampledFakes = parse.GetValue(fakes), AlignedFakes = parse.GetValue(fakes),
                ItemsPerFamily = parse.GetValue(perFamily), Seed = parse.GetValue(seed), Device = parse.GetRequiredValue(device),
            };
            if (options.FindProblem() is { } problem)
            {
                throw new UsageException(problem);
            }

            var fresh = AdversarialRequest.SmallDetector(parse.GetValue(tileSize));
            if (fresh.FindProblem() is { } netProblem)
            {
                throw new UsageException($"--tile-size {parse.GetValue(tileSize)}: {netProblem}");
            }

            TorchThreads.Apply(parse.GetValue(threads));
            var generatorFolder = ModelLocation.FindGenerator(parse.GetValue(generator), "--generator",
                Environment.GetEnvironmentVariable(ModelLocation.GeneratorEnvironmentVariable), AppContext.BaseDirectory);
            var request = new AdversarialRequest(parse.GetRequiredValue(data), parse.GetRequiredValue(output), generatorFolder)
            {
                DetectorModel = parse.GetValue(detector), FreshDetector = fresh, Options = options,
            };
            return RunAsync(context, request, cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, AdversarialRequest request, CancellationToken cancellation)
    {
        var report = await TrainingRun.RunAsync(
            context, request.OutFolder, progress => AdversarialTraining.RunAsync(request, progress, cancellation), r => r.Skipped).ConfigureAwait(false);
        if (report is null)
        {
            return ExitCodes.Io;
        }

        var (first, last) = (report.Rounds[0], report.Rounds[^1]);
        context.Output.WriteLine($"Held out: {string.Join(", ", report.HeldOutFamilies)}");
        context.Output.WriteLine($"Held-out AUC {first.HeldOutAuc:0.000} at round 0 -> {last.HeldOutAuc:0.000} after round {last.Round}: {report.Verdict}; " +
            $"fooling rate {first.FoolingRate:0.000} -> {last.FoolingRate:0.000}");
        context.Output.WriteLine($"Wrote {Printable.Clean(Path.Combine(request.OutFolder, AdversarialReport.JsonName))} and " +
            $"{Printable.Clean(Path.Combine(request.OutFolder, AdversarialReport.MarkdownName))}");
        return ExitCodes.Trusted;
    }
}
