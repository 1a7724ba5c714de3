using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Verifier.Cli.Output;
using Verifier.Detector.Model;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Robustness;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier bench robustness [--data DIR] [--model M.onnx] [--files N] [--tiles N] [--json]</c>: white-box FGSM and PGD
/// (L-inf, eps 0.5..8 levels of 255) through the TorchSharp twin of the model, on one frame of each of N files of the
/// card's held-out families, towards the other label; prints how far p_ai moved and how many verdicts changed, as
/// attacked, saved as 8-bit, and after JPEG q90 / H.264 round trips. Exit 0 done, 64 usage, 70 internal.
/// </summary>
public static class BenchRobustnessCommand
{
    /// <summary>The shared corpus beside the repository, as the README's commands run from its root.</summary>
    public static readonly string DefaultData = Path.Combine("..", "shared", "data");

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    public static Command Create(CliContext context)
    {
        var data = new Option<string[]>("--data") { Description = $"Corpus folder (MANIFEST.tsv, or real/ and ai/); repeatable; default {DefaultData}", AllowMultipleArgumentsPerToken = true, HelpName = "DIR" };
        var model = new Option<string?>("--model") { Description = "Detector model (default: as for scan)", HelpName = "M.onnx" };
        var files = new Option<int>("--files") { Description = "Files to attack, half real and half AI, spread over the families", DefaultValueFactory = _ => 8, HelpName = "N" };
        var tiles = new Option<int>("--tiles") { Description = "Tiles attacked per file (the scanner's grid, evenly spread)", DefaultValueFactory = _ => 4, HelpName = "N" };
        var json = new Option<bool>("--json") { Description = "One JSON object with every figure and file score" };
        var threads = TorchThreads.Option();
        var command = new Command("robustness", "How far white-box FGSM/PGD perturbations move the detector's p_ai") { data, model, files, tiles, json, threads };
        command.SetAction((parse, cancellation) =>
        {
            TorchThreads.Apply(parse.GetValue(threads));
            var folders = parse.GetValue(data) is { Length: > 0 } given ? given : [DefaultData];
            var modelPath = ModelLocation.Find(
                parse.GetValue(model), Environment.GetEnvironmentVariable(ModelLocation.EnvironmentVariable), AppContext.BaseDirectory);
            var request = new RobustnessRequest(folders, modelPath) { Files = parse.GetValue(files), TilesPerFile = parse.GetValue(tiles) };
            if (request.FindProblem() is { } problem)
            {
                // Only --files and --tiles come from the command line; their problems read "files: ..." / "tiles: ...".
                throw new UsageException("--" + problem);
            }

            return RunAsync(context, request, parse.GetValue(json), cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, RobustnessRequest request, bool json, CancellationToken cancellation)
    {
        RobustnessReport report;
        try
        {
            // Progress goes to stderr, so --json output stays one object.
            report = await RobustnessBench.RunAsync(request, new LineProgress(context.Error), cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CorpusException or DetectorModelException or InvalidDataException)
        {
            throw new UsageException(e.Message);
        }

        foreach (var skipped in report.Skipped)
        {
            context.Error.WriteLine($"verifier: skipped {Printable.Clean(skipped.File)}: {Printable.Clean(skipped.Error)}");
        }

        if (json)
        {
            context.Output.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
            return ExitCodes.Trusted;
        }

        var real = report.Files.Count(f => f.Label == "real");
        context.Output.WriteLine($"Model {Printable.Clean(report.Model)}: {report.Files.Count} files of {Printable.Clean(report.Scope)} " +
            $"({real} real pushed towards ai, {report.Files.Count - real} ai pushed towards real), {request.TilesPerFile} tiles each; " +
            $"twin vs ONNX Runtime max |logit diff| {report.TwinMaxLogitDifference:0.0e+0}");
        var table = new Table().Border(TableBorder.Rounded)
            .Title("white-box L-inf attacks: mean |delta p_ai| (tile, file), mean file shift towards the other label, verdicts changed / reaching it");
        table.AddColumns("attack", "eps (/255)", "condition", "tile |dp|", "file |dp|", "shift", "changed", "reached");
        foreach (var row in report.Rows)
        {
            table.AddRow(row.Attack, $"{row.EpsilonLevels:0.#}", Markup.Escape(row.Condition), $"{row.MeanTileAbsDelta:0.000}", $"{row.MeanFileAbsDelta:0.000}",
                $"{row.MeanFileShiftTowardsTarget:+0.000;-0.000;0.000}", $"{row.ShareVerdictChanged * 100:0}%", $"{row.ShareReachedTarget * 100:0}%");
        }

        context.Console.Write(table);
        return ExitCodes.Trusted;
    }
}
