using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Training;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier train lofo --data DIR... --out DIR [--folds K|all] [--tiles FILE] [--net ...] [--tile-size N] [--epochs N]
/// [--batch-size N] [--tiles-per-image N] [--seed S] [--seeds N] [--ai-family-share F] [--device D] [--frames T] [--family-weight W] [--threads N]</c>: the
/// leave-one-family-out protocol (issue 5's main target). Prints the per-family table and writes OUT/lofo.json and
/// OUT/lofo.md; a re-run resumes after the last finished fold. With <c>--seeds N</c> (N >= 2) it runs seeds S .. S+N-1,
/// each into OUT/seed-S/ as a run of its own, and prints and writes (OUT/seeds.json, OUT/seeds.md) the spread over them.
/// </summary>
public static class LofoCommand
{
    public static Command Create(CliContext context)
    {
        var shared = new DetectorTrainingOptions();
        var output = new Option<string>("--out") { Description = "Folder for lofo.json, lofo.md and one fold-K/ folder per fold", Required = true, HelpName = "DIR" };
        var folds = new Option<string>("--folds") { Description = "Folds the AI family groups are dealt into; all = one fold per group", DefaultValueFactory = _ => "5", HelpName = "K|all" };
        var tilesCache = new Option<string?>("--tiles") { Description = "Tile cache: read if it exists, else written after the cut (carry it to skip the cut)", HelpName = "FILE" };
        var seeds = new Option<int>("--seeds") { Description = "Run the protocol with N consecutive seeds from --seed, each into OUT/seed-S/, and report the spread", DefaultValueFactory = _ => 1, HelpName = "N" };
        var aiFamilyShare = new Option<double>("--ai-family-share")
        {
            Description = "Fit each fold on a seeded draw of this share of its AI training families (real ones all kept): runs at several shares draw a learning curve",
            DefaultValueFactory = _ => 1, HelpName = "F",
        };
        var threads = TorchThreads.Option();

        var lofo = new Command("lofo", "Leave-one-family-out evaluation: train one detector per fold of held-out families and score them")
        {
            output, folds, tilesCache, seeds, aiFamilyShare, threads,
        };
        foreach (var option in shared.All)
        {
            lofo.Add(option);
        }

        lofo.SetAction((parse, cancellation) =>
        {
            var (training, sampling) = shared.Read(parse);
            var foldText = parse.GetRequiredValue(folds);
            int? foldCount = foldText == "all" ? null
                : int.TryParse(foldText, out var k) && k >= 2 ? k : throw new UsageException($"--folds {foldText}: use a number of at least 2, or all");
            var seedCount = parse.GetValue(seeds);
            if (seedCount < 1)
            {
                throw new UsageException($"--seeds {seedCount}: use at least 1");
            }

            var share = parse.GetValue(aiFamilyShare);
            if (share is <= 0 or > 1)
            {
                throw new UsageException($"--ai-family-share {share}: use a share above 0 and at most 1");
            }

            TorchThreads.Apply(parse.GetValue(threads));
            var request = new LofoRequest(parse.GetRequiredValue(shared.Data), parse.GetRequiredValue(output))
            {
                Training = training,
                Sampling = sampling,
                Folds = foldCount,
                TilesPath = parse.GetValue(tilesCache),
                AiFamilyShare = share,
            };
            return seedCount == 1 ? RunAsync(context, request, cancellation) : RunSeedsAsync(context, request, seedCount, cancellation);
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

    private static async Task<int> RunSeedsAsync(CliContext context, LofoRequest request, int seeds, CancellationToken cancellation)
    {
        var report = await TrainingRun.RunAsync(
            context, request.OutputFolder, progress => LofoSeeds.RunAsync(request, seeds, progress, cancellation), r => r.Skipped).ConfigureAwait(false);
        if (report is null)
        {
            return ExitCodes.Io;
        }

        context.Output.Write(LofoSeeds.Markdown(report));
        context.Output.WriteLine($"Wrote {Printable.Clean(Path.Combine(request.OutputFolder, LofoSeeds.ReportJson))} and {LofoSeeds.ReportMarkdown}; each seed's run is in its seed-S folder");
        return ExitCodes.Trusted;
    }
}
