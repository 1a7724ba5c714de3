using System.Globalization;

namespace Verifier.Detector.Training.Data.Fakes;

/// <summary>
/// One fake's line of the output <c>MANIFEST.tsv</c>, in the columns of <c>../shared/data</c> plus <c>derived_from</c>:
/// label ai, the original's source (so splits keep it beside its original) and licence, and what was done.
/// </summary>
public sealed record FakeRow(
    string RelativePath, string MediaType, string Family, string Source, string Licence, int Width, int Height,
    double? FramesPerSecond, double? DurationSeconds, long Bytes, string Sha256, string Processing, string DerivedFrom)
{
    public static readonly string[] Columns =
        ["path", "label", "kind", "family", "source", "licence", "width", "height", "fps", "duration_s", "bytes", "sha256", "processing", "derived_from"];

    public string Line => string.Join('\t', new[]
    {
        RelativePath, "ai", MediaType, Family, Source, Licence, Number(Width), Number(Height), Number(FramesPerSecond),
        Number(DurationSeconds), Number(Bytes), Sha256, Processing, DerivedFrom,
    }.Select(Cell));

    /// <summary>Writes the manifest whole: a temporary file beside it, renamed into place.</summary>
    public static void WriteManifest(string path, IEnumerable<FakeRow> rows)
    {
        var partial = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.partial");
        try
        {
            File.WriteAllLines(partial, [string.Join('\t', Columns), .. rows.Select(r => r.Line)]);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }
        }
    }

    // A tab or line break inside a value would shift the columns of every later cell.
    private static string Cell(string value) => value.ReplaceLineEndings(" ").Replace('\t', ' ');

    private static string Number(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : string.Empty;
}
