using System.CommandLine;
using Spectre.Console;
using Verifier.Cli.Inputs;
using Verifier.Cli.Output;
using Verifier.Detector.Model;
using Verifier.Detector.Reports;
using Verifier.Detector.Scanning;
using Verifier.Detector.Scoring;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier scan FILE|DIR... [--json] [--report OUT.html] [--model M.onnx] [--device auto|cpu|cuda] [--trust PEM]</c>: the detector's calibrated
/// p_ai and verdict per file, where in a clip, and the file's provenance beside it; <c>--report</c> writes the HTML page. Exit 0 when every file was scanned, 2 when some could not be
/// (each named on stderr), 64 usage (no model among them), 70 internal.
/// </summary>
public static class ScanCommand
{
    public const int SomeNotScanned = 2;

    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FILE")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Images and clips to scan; a directory is walked for media files",
        };
        var json = new Option<bool>("--json") { Description = "One JSON report per file per line" };
        var model = new Option<string?>("--model")
        {
            Description = $"Detector model (its card is the same name with .json); default ${ModelLocation.EnvironmentVariable}, then {ModelLocation.DefaultRelative} beside the executable",
            HelpName = "M.onnx",
        };
        var report = new Option<string?>("--report")
        {
            Description = "Write the HTML report: OUT.html for one file, a folder of NAME.html pages for several",
            HelpName = "OUT.html",
        };
        var device = DeviceOption.Create("Where the detector runs (cuda needs ONNX Runtime's GPU build)");
        var trust = new TrustOptions();
        var command = new Command("scan", "Score images and clips for AI origin, with their Content Credentials beside the score") { files, json, report, model, device };
        trust.AddTo(command);
        command.Validators.Add(result => VerifyCommand.RejectOptionLikeFiles(result, files));
        command.SetAction((parse, cancellation) =>
        {
            var paths = MediaFiles.Expand(parse.GetRequiredValue(files));
            if (paths.Count == 0)
            {
                throw new UsageException($"no media files in {string.Join(", ", parse.GetRequiredValue(files))}");
            }

            var modelPath = ModelLocation.Find(
                parse.GetValue(model), Environment.GetEnvironmentVariable(ModelLocation.EnvironmentVariable), AppContext.BaseDirectory);
            var options = new ScanOptions { Trust = trust.Settings(parse) };
            var pages = parse.GetValue(report) is { } target ? HtmlReportFiles.For(target, paths.Count) : null;
            var detectorOptions = new DetectorOptions { Device = DeviceOption.Scoring(parse.GetRequiredValue(device)) };
            return RunAsync(context, paths, modelPath, detectorOptions, options, new ScanOutputs(parse.GetValue(json), pages), cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        CliContext context, IReadOnlyList<string> paths, string modelPath, DetectorOptions detectorOptions, ScanOptions options,
        ScanOutputs outputs, CancellationToken cancellation)
    {
        using var detector = AsUsageError(() => DetectorModel.Load(modelPath, detectorOptions));
        var scanner = AsUsageError(() => new Scanner(detector, tools: null, options));
        var run = new ScanRun(context, scanner, outputs, ShowsProgress(context, paths.Count));
        if (run.Progress is { } console)
        {
            await console.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask("scanning", maxValue: paths.Count);
                foreach (var path in paths)
                {
                    task.Description = Markup.Escape(Path.GetFileName(path));
                    await run.ScanAsync(path, cancellation).ConfigureAwait(false);
                    task.Increment(1);
                }
            }).ConfigureAwait(false);
            run.FlushDeferred();
        }
        else
        {
            foreach (var path in paths)
            {
                await run.ScanAsync(path, cancellation).ConfigureAwait(false);
            }
        }

        if (!outputs.Json && paths.Count > 1)
        {
            context.Output.WriteLine();
            context.Console.Write(ScanSummaryTable.Build(run.Rows));
        }

        return run.Internal ? ExitCodes.Internal : run.Rows.Any(r => r.Report is null) ? SomeNotScanned : 0;
    }

    // A model or card that cannot be used is the caller's to fix, like a missing file: exit 64 with the file named.
    internal static T AsUsageError<T>(Func<T> open)
    {
        try
        {
            return open();
        }
        catch (DetectorModelException e)
        {
            throw new UsageException($"cannot use the detector model: {e.Message}");
        }
    }

    // A bar only on the real stderr when it is a terminal, and only when there is more than one file to count.
    private static bool ShowsProgress(CliContext context, int files) =>
        files > 1 && ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>What a scan writes besides its lines: JSON instead of words, and HTML pages when asked.</summary>
    private sealed record ScanOutputs(bool Json, HtmlReportFiles? Pages);

    /// <summary>One scan over its files: writes each result, keeps the rows for the summary, remembers failures.</summary>
    private sealed class ScanRun(CliContext context, Scanner scanner, ScanOutputs outputs, bool progress)
    {
        private readonly bool json = outputs.Json;

        // While the bar redraws, what would go to the same terminal waits until it is done.
        private readonly List<(TextWriter Writer, string Line)> deferred = [];

        public IAnsiConsole? Progress { get; } = progress
            ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes })
            : null;

        public List<(string File, ScanReport? Report, string? Error)> Rows { get; } = [];

        public bool Internal { get; private set; }

        public async Task ScanAsync(string path, CancellationToken cancellation)
        {
            try
            {
                var outcome = await scanner.ScanAsync(path, cancellation).ConfigureAwait(false);
                var page = WritePage(path, outcome);
                if (outputs.Pages is not null && page is null)
                {
                    return;
                }

                var report = outcome.Report;
                Rows.Add((path, report, null));
                foreach (var line in json ? [ScanReportJson.Serialize(report)] : ScanWording.Lines(report))
                {
                    Write(context.Output, line);
                }

                if (page is not null)
                {
                    // stderr, so that --json output stays one object per line.
                    Write(context.Error, $"report: {Printable.Clean(page)}");
                }
            }
            catch (ScanException e)
            {
                Fail(path, e.Problem, $"verifier: cannot scan {Printable.Clean(e.Message)}");
            }
            catch (Exception e) when (e is not (OperationCanceledException or UsageException))
            {
                // A bug, not a bad file: say which file, go on with the others, and exit 70 at the end.
                Internal = true;
                Fail(path, CliApp.Describe(e), $"verifier: internal error while scanning {Printable.Clean(path)}: {CliApp.Describe(e)}");
            }
        }

        public void FlushDeferred()
        {
            foreach (var (writer, line) in deferred)
            {
                writer.WriteLine(line);
            }

            deferred.Clear();
        }

        // A page that cannot be written (disk full, permissions) leaves the file counted as not done, named on stderr.
        private string? WritePage(string path, ScanOutcome outcome)
        {
            try
            {
                return outputs.Pages?.Write(outcome);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var problem = $"the HTML report could not be written ({e.Message})";
                Fail(path, problem, $"verifier: {Printable.Clean(path)}: {Printable.Clean(problem)}");
                return null;
            }
        }

        private void Fail(string path, string problem, string message)
        {
            Rows.Add((path, null, problem));
            Write(context.Error, message);
            if (json)
            {
                Write(context.Output, ScanErrorJson.Line(Path.GetFullPath(path), problem));
            }
        }

        private void Write(TextWriter writer, string line)
        {
            var sharesTheTerminal = ReferenceEquals(writer, Console.Error) || (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected);
            if (Progress is not null && sharesTheTerminal)
            {
                deferred.Add((writer, line));
            }
            else
            {
                writer.WriteLine(line);
            }
        }
    }
}
