using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Training;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier train lofo --data DIR... --out DIR [--folds K|all] [--tiles FILE] [--net ...] [--tile-size N] [--epochs N]
/// [--batch-size N] [--tiles-per-image N] [--seed S] [--device D] [--frames T] [--family-weight W] [--threads N]</c>: the leave-one-family-out protocol
/// (issue 5's main target). Prints the per-family table and writes OUT/lofo.json and OUT/lofo.md; a re-run resumes
/// after the last finished fold.
/// </summary>
public static class LofoCommand
{
    public static Command Create(CliContext context)
    {
        var shared = new DetectorTrainingOptions();
        var output = new Option<string>("--out") { Description = "Folder for lofo.json, lofo.md and one fold-K/ folder per fold", Required = true, HelpName = "DIR" };
        var folds = new Option<string>("--folds") { Description = "Folds the AI family groups are dealt into; all = one fold per group", DefaultValueFactory = _ => "5", HelpName = "K|all" };
        var tilesCache = new Option<string?>("--tiles") { Description = "Tile cache: read if it exists, else written after the cut (carry it to skip the cut)", HelpName = "FILE" };
        var threads = TorchThreads.Option();

        var lofo = new Command("lofo", "Leave-one-family-out evaluation: train one detector per fold of held-out families and score them")
        {
            output, folds, tilesCache, threads,
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
            TorchThreads.Apply(parse.GetValue(threads));
            var request = new LofoRequest(parse.GetRequiredValue(shared.Data), parse.GetRequiredValue(output))
            {
                Training = training,
                Sampling = sampling,
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
