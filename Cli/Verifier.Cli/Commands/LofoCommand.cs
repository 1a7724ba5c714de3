using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Training;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier train lofo --data DIR... --out DIR [--folds K|all] [--tiles FILE] [--net ...] [--tile-size N] [--epochs N]
/// [--batch-size N] [--tiles-per-image N] [--seed S] [--device D] [--threads N]</c>: the leave-one-family-out protocol
/// (issue 5's main target). Prints the per-family table and writes OUT/lofo.json and OUT/lofo.md; a re-run resumes
/// after the last finished fold.
/// </summary>
public static class LofoCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string[]>("--data") { Description = "Corpus folder (MANIFEST.tsv, or real/ and ai/ subfolders); repeatable", Required = true, AllowMultipleArgumentsPerToken = true, HelpName = "DIR" };
        var output = new Option<string>("--out") { Description = "Folder for lofo.json, lofo.md and one fold-K/ folder per fold", Required = true, HelpName = "DIR" };
        var folds = new Option<string>("--folds") { Description = "Folds the AI family groups are dealt into; all = one fold per group", DefaultValueFactory = _ => "5", HelpName = "K|all" };
        var tilesCache = new Option<string?>("--tiles") { Description = "Tile cache: read if it exists, else written after the cut (carry it to skip the cut)", HelpName = "FILE" };
        var device = DeviceOption.Create("Where to train");
        var epochs = new Option<int>("--epochs") { Description = "Passes over each fold's training tiles", DefaultValueFactory = _ => 10, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Seeds the folds, tiles, weights and batch order", DefaultValueFactory = _ => 1, HelpName = "S" };
        var net = new Option<string>("--net") { Description = "Net size: default (~2 M parameters) or tiny", DefaultValueFactory = _ => "default", HelpName = "default|tiny" };
        net.AcceptOnlyFromAmong("default", "tiny");
        var tileSize = new Option<int>("--tile-size") { Description = "Tile side in pixels (a multiple of 32 for the default net, of 8 for tiny)", DefaultValueFactory = _ => 128, HelpName = "PIXELS" };
        var batch = new Option<int>("--batch-size") { Description = "Tiles per optimisation step", DefaultValueFactory = _ => 32, HelpName = "N" };
        var tilesPerImage = new Option<int>("--tiles-per-image") { Description = "Tiles cut from each image (clips: 2 from each of 8 frames)", DefaultValueFactory = _ => 8, HelpName = "N" };
        var threads = TorchThreads.Option();

        var lofo = new Command("lofo", "Leave-one-family-out evaluation: train one detector per fold of held-out families and score them")
        {
            data, output, folds, tilesCache, device, epochs, seed, net, tileSize, batch, tilesPerImage, threads,
        };
        lofo.SetAction((parse, cancellation) =>
        {
            var (epochCount, batchSize, tile, perImage) = (parse.GetValue(epochs), parse.GetValue(batch), parse.GetValue(tileSize), parse.GetValue(tilesPerImage));
            if (epochCount < 1 || batchSize < 2 || perImage < 1)
            {
                throw new UsageException("--epochs and --tiles-per-image must be at least 1, --batch-size at least 2");
            }

            var foldText = parse.GetRequiredValue(folds);
            int? foldCount = foldText == "all" ? null
                : int.TryParse(foldText, out var k) && k >= 2 ? k : throw new UsageException($"--folds {foldText}: use a number of at least 2, or all");
            var netOptions = parse.GetValue(net) == "tiny" ? DetectorNetOptions.Tiny(tile) : new DetectorNetOptions { TileSize = tile };
            if (netOptions.FindProblem() is { } problem)
            {
                throw new UsageException($"--tile-size {tile}: {problem}");
            }

            TorchThreads.Apply(parse.GetValue(threads));
            var request = new LofoRequest(parse.GetRequiredValue(data), parse.GetRequiredValue(output))
            {
                Training = new TrainingOptions { Epochs = epochCount, BatchSize = batchSize, Seed = parse.GetValue(seed), Device = parse.GetRequiredValue(device), Net = netOptions },
                Sampling = new TileSampling(TilesPerImage: perImage),
                Folds = foldCount,
                TilesPath = parse.GetValue(tilesCache),
            };
            return RunAsync(context, request, cancellation);
        });
        return lofo;
    }

    private static async Task<int> RunAsync(CliContext context, LofoRequest request, CancellationToken cancellation)
    {
        var report = await TrainingRun.RunAsync(
            context, request.OutputFolder, progress => LeaveOneFamilyOut.RunAsync(request, progress, cancellation), r => r.Skipped).ConfigureAwait(false);
        if (report is null)
        {
            return ExitCodes.Io;
        }

        foreach (var line in LofoSummary.Markdown(report).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // Family names come from the manifest: cleaned line by line, as Clean would cut a whole table short.
            context.Output.WriteLine(Printable.Clean(line));
        }

        context.Output.WriteLine($"Wrote {Printable.Clean(Path.Combine(request.OutputFolder, LeaveOneFamilyOut.ReportJson))} and {LeaveOneFamilyOut.ReportMarkdown}");
        return ExitCodes.Trusted;
    }
}
