using System.CommandLine;
using System.Text.Json;
using Verifier.Cli.Output;
using Verifier.Detector.Model;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Evaluation;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier eval --data DIR... [--model M.onnx] [--json] [--families auto|held-out|all] [--no-reencode] [--write-card]</c>:
/// scores every corpus file (by default only the card's held-out families) through the scanner users run, and prints AUC
/// with its bootstrap 95% interval, TPR at 1% FPR and per-family verdict shares, then the same after re-encoding each file
/// (clips H.264 CRF 28, images JPEG q75). Exit 0 done, 64 usage, 70 internal.
/// </summary>
public static class EvalCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    public static Command Create(CliContext context)
    {
        var data = new Option<string[]>("--data") { Description = "Corpus folder (MANIFEST.tsv, or real/ and ai/ subfolders); repeatable", Required = true, AllowMultipleArgumentsPerToken = true, HelpName = "DIR" };
        var model = new Option<string?>("--model") { Description = $"Detector model; default ${ModelLocation.EnvironmentVariable}, then the shipped {ModelLocation.DefaultRelative}", HelpName = "M.onnx" };
        var json = new Option<bool>("--json") { Description = "One JSON object with every figure and file score" };
        var families = new Option<string>("--families")
        {
            Description = "Which families to score: auto (the card's held-out ones when it names some in the corpus), held-out, or all",
            DefaultValueFactory = _ => "auto",
            HelpName = "auto|held-out|all",
        };
        families.AcceptOnlyFromAmong("auto", "held-out", "all");
        var noReencode = new Option<bool>("--no-reencode") { Description = "Skip the second pass over re-encoded copies (H.264 CRF 28, JPEG q75)" };
        var writeCard = new Option<bool>("--write-card") { Description = "Write the file-level figures into the model card's heldOutFamilies" };

        var command = new Command("eval", "Measure a detector on a corpus, file by file as scan sees it, before and after platform re-encoding")
        {
            data, model, json, families, noReencode, writeCard,
        };
        command.SetAction((parse, cancellation) =>
        {
            var modelPath = ModelLocation.Find(
                parse.GetValue(model), Environment.GetEnvironmentVariable(ModelLocation.EnvironmentVariable), AppContext.BaseDirectory);
            var request = new EvalRequest(parse.GetRequiredValue(data), modelPath)
            {
                Families = parse.GetRequiredValue(families) switch { "held-out" => FamilyScope.HeldOut, "all" => FamilyScope.All, _ => FamilyScope.Auto },
                Reencode = !parse.GetValue(noReencode),
            };
            return RunAsync(context, request, parse.GetValue(json), parse.GetValue(writeCard), cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, EvalRequest request, bool json, bool writeCard, CancellationToken cancellation)
    {
        EvalReport report;
        try
        {
            // Progress goes to stderr, so --json output stays one object.
            report = await DetectorEvaluation.RunAsync(request, new LineProgress(context.Error), cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CorpusException or DetectorModelException)
        {
            throw new UsageException(e.Message);
        }

        foreach (var skipped in new[] { report.Original }.Concat(report.Reencoded is { } r ? [r] : []).SelectMany(c => c.Skipped))
        {
            context.Error.WriteLine($"verifier: skipped {Printable.Clean(skipped.File)}: {Printable.Clean(skipped.Error)}");
        }

        if (json)
        {
            context.Output.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
        }
        else
        {
            context.Output.WriteLine($"Model {Printable.Clean(report.Model)} on {Printable.Clean(report.Scope)}");
            foreach (var condition in new[] { report.Original }.Concat(report.Reencoded is { } again ? [again] : []))
            {
                context.Output.WriteLine(EvalTables.Headline(condition));
                context.Console.Write(EvalTables.Families(condition, report.Band));
            }
        }

        if (writeCard)
        {
            var cardPath = ModelCard.PathFor(request.ModelPath);
            CardFigures.WithFileFigures(ModelCard.Load(cardPath), report).Save(cardPath);
            context.Error.WriteLine($"verifier: wrote the file-level figures into {Printable.Clean(cardPath)}");
        }

        return ExitCodes.Trusted;
    }
}
