using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Detector.Training.CorpusNormalisation;
using Verifier.Detector.Training.Data;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier corpus normalise --data DIR... --out DIR [--seed S] [--threads N] [--balance-kinds] [--native-scale]</c>: writes a copy of the corpora in which
/// the format carries no information about the label (<see cref="NormalisationRule"/>), with its MANIFEST.tsv.
/// Exit 0 every file written, 2 some skipped (each named on stderr), 64 usage, 74 a write failed, 70 internal.
/// </summary>
public static class CorpusNormaliseCommand
{
    public const int SomeSkipped = 2;

    public static Command Create(CliContext context)
    {
        var data = new Option<string[]>("--data") { Description = "Corpus folder (MANIFEST.tsv, or real/ and ai/ subfolders); repeatable", Required = true, AllowMultipleArgumentsPerToken = true, HelpName = "DIR" };
        var output = new Option<string>("--out") { Description = "Folder for the copy: OUT/MANIFEST.tsv, OUT/real/..., OUT/ai/...", Required = true, HelpName = "DIR" };
        var seed = new Option<int>("--seed") { Description = "Seeds every item's draws (with its path): the same seed gives the same bytes", DefaultValueFactory = _ => 1, HelpName = "S" };
        var balance = new Option<bool>("--balance-kinds")
        {
            Description = "Leave out a seeded part of one label's over-represented kind, so stills vs clips cannot predict the label either",
        };
        var nativeScale = new Option<bool>("--native-scale")
        {
            Description = "Cut each frame as a window at the source's own scale (no resize), so pixel-level traces survive; sizes are drawn as without it",
        };
        var threads = new Option<int>("--threads") { Description = "Files processed at once", DefaultValueFactory = _ => Environment.ProcessorCount, HelpName = "N" };

        var command = new Command(
            "normalise",
            "Copy corpora with every file re-encoded alike (stills JPEG, clips H.264 MP4; aspect, size, quality, fps and length drawn per file), so format cannot predict the label")
        {
            data, output, seed, threads, balance, nativeScale,
        };
        command.SetAction((parse, cancellation) =>
        {
            var request = new NormaliseRequest(parse.GetRequiredValue(data), parse.GetRequiredValue(output))
            {
                Seed = parse.GetValue(seed),
                BalanceKinds = parse.GetValue(balance),
                NativeScale = parse.GetValue(nativeScale),
                Threads = parse.GetValue(threads) is >= 1 and var n ? n : throw new UsageException($"--threads {parse.GetValue(threads)}: must be at least 1"),
            };
            return RunAsync(context, request, cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, NormaliseRequest request, CancellationToken cancellation)
    {
        NormaliseReport report;
        try
        {
            // Progress on stderr: stdout carries only the summary.
            report = await CorpusNormaliser.RunAsync(request, new LineProgress(context.Error), cancellation).ConfigureAwait(false);
        }
        catch (CorpusException e)
        {
            throw new UsageException(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"verifier: cannot write into {Printable.Clean(request.OutFolder)}: {e.Message}");
            return ExitCodes.Io;
        }

        foreach (var skipped in report.Skipped)
        {
            context.Error.WriteLine($"verifier: skipped {Printable.Clean(skipped.File)}: {Printable.Clean(skipped.Error)}");
        }

        context.Output.WriteLine(
            $"Wrote {report.Written} files and {Printable.Clean(report.ManifestPath)} in {report.Elapsed.TotalSeconds:0.0} s; " +
            (report.LeftOutToBalance > 0 ? $"left out {report.LeftOutToBalance} to balance kinds; " : string.Empty) + $"skipped {report.Skipped.Count}" +
            (report.Skipped.Count > 0 ? $": {string.Join(", ", report.Skipped.Select(s => Printable.Clean(Path.GetFileName(s.File))))}" : string.Empty));
        return report.Skipped.Count > 0 ? SomeSkipped : ExitCodes.Trusted;
    }
}
