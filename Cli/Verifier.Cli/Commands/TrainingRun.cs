using Verifier.Cli.Output;
using Verifier.Detector.Training.Data;

namespace Verifier.Cli.Commands;

/// <summary>
/// What every <c>train</c> subcommand does around its training: progress lines as they come; corpus, argument and
/// checkpoint problems as usage errors (64); a failed write as exit 74 naming what was being written; each skipped file
/// named on stderr.
/// </summary>
internal static class TrainingRun
{
    /// <summary>Runs <paramref name="train"/>; returns its report, or null after writing the I/O failure (exit 74).</summary>
    public static async Task<TReport?> RunAsync<TReport>(
        CliContext context, string writes, Func<IProgress<string>, Task<TReport>> train, Func<TReport, IReadOnlyList<string>> skipped)
        where TReport : class
    {
        TReport report;
        try
        {
            report = await train(new LineProgress(context.Output)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CorpusException or ArgumentException or InvalidDataException)
        {
            throw new UsageException(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"verifier: cannot write {Printable.Clean(writes)}: {e.Message}");
            return null;
        }

        foreach (var file in skipped(report))
        {
            context.Error.WriteLine($"verifier: skipped {Printable.Clean(file)}");
        }

        return report;
    }
}
