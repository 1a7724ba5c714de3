using Spectre.Console;
using Verifier.Provenance.Validation;
using ValidationResult = Verifier.Provenance.Validation.ValidationResult;

namespace Verifier.Cli.Output;

/// <summary>The table printed after several files: one row per file with its state, signer and first problem.</summary>
public static class SummaryTable
{
    public static Table Build(IReadOnlyList<ValidationResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Summary");
        table.AddColumns("File", "State", "Signer", "Problem");
        foreach (var result in results)
        {
            var signer = result.Manifests.FirstOrDefault(m => m.Label == result.ActiveManifest)?.Signer?.CommonName;
            var problem = result.State == ValidationState.Unreadable
                ? result.Error
                : result.Codes(StatusKind.Failure).Concat(result.IngredientDeltas.SelectMany(d => d.Failure)).FirstOrDefault();
            table.AddRow(
                new Text(Printable.Clean(result.File)),
                new Markup(StateMarkup(result.State)),
                new Text(Printable.Clean(signer)),
                new Text(Printable.Clean(problem)));
        }

        return table;
    }

    internal static string StateMarkup(ValidationState state) => state switch
    {
        ValidationState.Trusted => "[green]Trusted[/]",
        ValidationState.Valid => "[yellow]Valid[/]",
        ValidationState.Invalid => "[red]Invalid[/]",
        ValidationState.NoManifest => "[grey]No manifest[/]",
        _ => "[red]Unreadable[/]",
    };
}
