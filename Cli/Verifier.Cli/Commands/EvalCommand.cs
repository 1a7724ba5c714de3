using System.CommandLine;
using System.Text.Json;
using Verifier.Cli.Output;
using Verifier.Detector.Model;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Evaluation;
using Verifier.Detector.Training.Evaluation.Html;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier eval --data DIR... [--model M.onnx] [--json] [--report OUT.html] [--robustness] [--families auto|held-out|all]
/// [--no-reencode] [--write-card]</c>: scores every corpus file (by default only the card's held-out families) through the
/// scanner users run, and prints AUC with its bootstrap 95% interval, AP, TPR at 1% and 5% FPR, calibration error, the
/// verdict band's coverage, per-family / media-type / format tables, then the same after re-encoding each file (clips
/// H.264 CRF 28, images JPEG q75), the robustness grid when asked, and the metadata-only baseline beside the model's AUC.
/// With <c>--metadata-only</c>, only that baseline (on the seeded family split, as with <c>--families all</c>) and its
/// per-feature weights, without any model. Exit 0 done, 64 usage, 70 internal.
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
        var robustness = new Option<bool>("--robustness")
        {
            Description = "Also score every file after each degradation of the grid: H.264 CRF 23/28/35, 720p, 480p, JPEG q90/75/50, blur, a social-media chain",
        };
        var metadataOnly = new Option<bool>("--metadata-only")
        {
            Description = "Only the metadata-only baseline (fitted and tested on a seeded family split) with its per-feature weights; no model is read",
        };
        var report = new Option<string?>("--report") { Description = "Write a self-contained HTML page with the ROC curve, reliability diagram, tables, grid and baseline", HelpName = "OUT.html" };

        var command = new Command("eval", "Measure a detector on a corpus, file by file as scan sees it, before and after platform re-encoding")
        {
            data, model, json, report, robustness, families, noReencode, writeCard, metadataOnly,
        };
        command.SetAction((parse, cancellation) =>
        {
            if (parse.GetValue(metadataOnly))
            {
                return MetadataOnlyAsync(context, parse.GetRequiredValue(data), parse.GetValue(json), cancellation);
            }

            var modelPath = ModelLocation.Find(
                parse.GetValue(model), Environment.GetEnvironmentVariable(ModelLocation.EnvironmentVariable), AppContext.BaseDirectory);
            var request = new EvalRequest(parse.GetRequiredValue(data), modelPath)
            {
                Families = parse.GetRequiredValue(families) switch { "held-out" => FamilyScope.HeldOut, "all" => FamilyScope.All, _ => FamilyScope.Auto },
                Reencode = !parse.GetValue(noReencode),
                Robustness = parse.GetValue(robustness),
            };
            return RunAsync(context, request, parse.GetValue(json), ReportTarget(parse.GetValue(report)), parse.GetValue(writeCard), cancellation);
        });
        return command;
    }

    private static async Task<int> MetadataOnlyAsync(CliContext context, string[] data, bool json, CancellationToken cancellation)
    {
        BaselineResult baseline;
        try
        {
            // No model: the request's model path is never read on this path.
            baseline = await DetectorEvaluation.MetadataOnlyAsync(new EvalRequest(data, ModelPath: string.Empty), new LineProgress(context.Error), cancellation)
                .ConfigureAwait(false);
        }
        catch (CorpusException e)
        {
            throw new UsageException(e.Message);
        }

        foreach (var skipped in baseline.Skipped)
        {
            context.Error.WriteLine($"verifier: skipped {Printable.Clean(skipped.File)}: {Printable.Clean(skipped.Error)}");
        }

        if (json)
        {
            context.Output.WriteLine(JsonSerializer.Serialize(baseline, JsonOptions));
        }
        else
        {
            context.Output.WriteLine(EvalTables.Baseline(baseline));
            context.Console.Write(EvalTables.BaselineWeights(baseline));
        }

        return ExitCodes.Trusted;
    }

    /// <summary>Checks --report before any scan runs, so a wrong path is a usage error and not a lost hour of scanning.</summary>
    private static string? ReportTarget(string? option)
    {
        if (option is null)
        {
            return null;
        }

        var full = Path.GetFullPath(option);
        return Directory.Exists(full) ? throw new UsageException($"--report {option}: is a folder; name the HTML file to write")
            : Path.GetDirectoryName(full) is { } parent && !Directory.Exists(parent) ? throw new UsageException($"--report {option}: the folder {parent} does not exist")
            : full;
    }

    private static async Task<int> RunAsync(CliContext context, EvalRequest request, bool json, string? htmlPath, bool writeCard, CancellationToken cancellation)
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

        var skippedFiles = new[] { report.Original }.Concat(report.Reencoded is { } r ? [r] : []).SelectMany(c => c.Skipped)
            .Concat(report.Robustness?.SelectMany(c => c.Skipped) ?? []);
        foreach (var skipped in skippedFiles.DistinctBy(s => (s.File, s.Error)))
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

            context.Console.Write(EvalTables.Strata(report.Original));
            context.Console.Write(EvalTables.Reliability(report.Original));
            if (report.Robustness is { } grid)
            {
                context.Console.Write(EvalTables.Robustness(grid));
            }

            context.Output.WriteLine(EvalTables.Baseline(report));
        }

        if (htmlPath is not null)
        {
            WriteWhole(htmlPath, EvalReportHtml.Render(report, ModelCard.Load(ModelCard.PathFor(request.ModelPath))));
            context.Error.WriteLine($"verifier: wrote {Printable.Clean(htmlPath)}");
        }

        if (writeCard)
        {
            var cardPath = ModelCard.PathFor(request.ModelPath);
            CardFigures.WithFileFigures(ModelCard.Load(cardPath), report).Save(cardPath);
            context.Error.WriteLine($"verifier: wrote the file-level figures into {Printable.Clean(cardPath)}");
        }

        return ExitCodes.Trusted;
    }

    /// <summary>Writes to a temporary name and renames, so a half-written page never appears under its name.</summary>
    private static void WriteWhole(string path, string text)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--report {path}: cannot write it ({e.Message})");
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
