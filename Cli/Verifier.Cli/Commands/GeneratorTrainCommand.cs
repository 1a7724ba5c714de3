using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Generator;
using Verifier.Generator.Training;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier train generator --data DIR... --out models/gen [--clips FILE] [--device auto|cpu|cuda] [--steps N] [--stage vae|dit|both]</c>:
/// cuts the corpora's real clips to the model's clip shape (or reads them from the --clips cache, which a cut writes, so
/// a machine without the corpus or ffmpeg can train) and trains the autoencoder, then the transformer, with progress
/// lines, a sample grid every N steps (OUT/samples/) and checkpoints (OUT/checkpoint-vae|dit/) a rerun resumes.
/// </summary>
public static class GeneratorTrainCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string[]>("--data") { Description = "Corpus folder (MANIFEST.tsv, or real/ and ai/ subfolders); its real videos are used; repeatable; may be left out when --clips exists", AllowMultipleArgumentsPerToken = true, HelpName = "DIR" };
        var output = new Option<string>("--out") { Description = "Model folder: generator.bin, generator.json, checkpoints, samples", Required = true, HelpName = "models/gen" };
        var device = DeviceOption.Create("Where to train (bf16 on CUDA, fp32 on the CPU)");
        var steps = new Option<int>("--steps") { Description = "Optimisation steps of each stage", DefaultValueFactory = _ => 2000, HelpName = "N" };
        var stage = new Option<string>("--stage") { Description = "vae (the autoencoder), dit (the transformer; needs the autoencoder's checkpoint) or both", DefaultValueFactory = _ => "both", HelpName = "vae|dit|both" };
        stage.AcceptOnlyFromAmong("vae", "dit", "both");
        var size = new Option<string>("--config") { Description = "Model size: default (17 frames at 64x64) or tiny (5 frames at 32x32; tests, smoke runs)", DefaultValueFactory = _ => "default", HelpName = "default|tiny" };
        size.AcceptOnlyFromAmong("default", "tiny");
        var batch = new Option<int>("--batch-size") { Description = "Clips per step", DefaultValueFactory = _ => 4, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Seeds the weights, batches, noise and flow times", DefaultValueFactory = _ => 1, HelpName = "S" };
        var sampleEvery = new Option<int>("--sample-every") { Description = "Steps between sample grids in OUT/samples (0: none)", DefaultValueFactory = _ => 200, HelpName = "N" };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints", DefaultValueFactory = _ => 100, HelpName = "N" };
        var threads = TorchThreads.Option();
        var clipCache = new Option<string>("--clips") { Description = "Clip cache: read instead of decoding the corpus when it exists (must match its settings), else written after the cut", HelpName = "FILE" };
        var clipsPerFile = new Option<int>("--clips-per-file") { Description = "Runs of consecutive frames cut from each real video", DefaultValueFactory = _ => 4, HelpName = "N" };

        var command = new Command("generator", "Train the video generator (causal video autoencoder + diffusion transformer, flow matching)")
        {
            data, output, device, steps, stage, size, batch, seed, sampleEvery, checkpointEvery, clipsPerFile, clipCache, threads,
        };
        command.SetAction((parse, cancellation) =>
        {
            var (stepCount, batchSize, every, checkpoints, perFile) =
                (parse.GetValue(steps), parse.GetValue(batch), parse.GetValue(sampleEvery), parse.GetValue(checkpointEvery), parse.GetValue(clipsPerFile));
            if (stepCount < 1 || batchSize < 1 || every < 0 || checkpoints < 1 || perFile < 1)
            {
                throw new UsageException("--steps, --batch-size, --checkpoint-every and --clips-per-file must be at least 1, --sample-every at least 0");
            }

            TorchThreads.Apply(parse.GetValue(threads));
            var request = new GeneratorTrainRequest(parse.GetValue(data) ?? [], parse.GetRequiredValue(output))
            {
                Training = new GeneratorTrainingOptions
                {
                    Model = parse.GetValue(size) == "tiny" ? GeneratorConfig.Tiny : new GeneratorConfig(),
                    Steps = stepCount, BatchSize = batchSize, Seed = parse.GetValue(seed), Device = parse.GetRequiredValue(device),
                    SampleEvery = every, CheckpointEvery = checkpoints,
                },
                Stages = parse.GetRequiredValue(stage) switch
                {
                    "vae" => [TrainingStage.Autoencoder],
                    "dit" => [TrainingStage.Transformer],
                    _ => [TrainingStage.Autoencoder, TrainingStage.Transformer],
                },
                ClipsPerFile = perFile,
                ClipCache = parse.GetValue(clipCache),
            };
            return RunAsync(context, request, cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, GeneratorTrainRequest request, CancellationToken cancellation)
    {
        var report = await TrainingRun.RunAsync(
            context, request.OutFolder, progress => GeneratorTraining.RunAsync(request, progress, cancellation), r => r.Skipped).ConfigureAwait(false);
        if (report is null)
        {
            return ExitCodes.Io;
        }

        foreach (var stage in report.Stages)
        {
            context.Output.WriteLine($"{(stage.Stage == TrainingStage.Autoencoder ? "autoencoder" : "transformer")}: {stage.Steps} steps, " +
                $"loss {stage.FirstLoss:0.0000} -> {stage.LastLoss:0.0000}, {stage.StepsPerSecond:0.00} steps/s");
        }

        context.Output.WriteLine($"Trained on {report.Clips} clips; wrote {Printable.Clean(Path.Combine(report.ModelFolder, GeneratorCard.WeightsName))} " +
            $"and {Printable.Clean(Path.Combine(report.ModelFolder, GeneratorCard.FileName))}");
        return ExitCodes.Trusted;
    }
}
