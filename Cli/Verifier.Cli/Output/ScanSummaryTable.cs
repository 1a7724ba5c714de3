using Spectre.Console;
using Verifier.Detector.Reports;
using Verifier.Provenance.Validation;

namespace Verifier.Cli.Output;

/// <summary>The table printed after a scan of several files: verdict, p_ai and provenance per file, or why it failed.</summary>
public static class ScanSummaryTable
{
    public static Table Build(IReadOnlyList<(string File, ScanReport? Report, string? Error)> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Summary");
        table.AddColumns("File", "Verdict", "p_ai", "Provenance");
        foreach (var (file, report, error) in rows)
        {
            if (report is null)
            {
                table.AddRow(new Text(Printable.Clean(file)), new Markup("[red]not scanned[/]"), new Text(""), new Text(Printable.Clean(error)));
                continue;
            }

            var state = Enum.TryParse<ValidationState>(report.Provenance.ValidationState, out var parsed) ? SummaryTable.StateMarkup(parsed) : "";
            table.AddRow(
                new Text(Printable.Clean(file)),
                new Markup(VerdictMarkup(report.Verdict)),
                new Text($"{report.ProbabilityOfAi:0.00}"),
                new Markup(state));
        }

        return table;
    }

    private static string VerdictMarkup(string verdict) => verdict switch
    {
        "ai" => "[red]likely AI-made[/]",
        "real" => "[green]likely real[/]",
        _ => "[yellow]inconclusive[/]",
    };
}
