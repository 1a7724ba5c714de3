using System.Globalization;

namespace Verifier.Detector.Training.Data;

/// <summary>
/// One line of a corpus <c>MANIFEST.tsv</c> that Verifier writes, in the columns of ../shared/data/MANIFEST.tsv plus
/// <c>derived_from</c>: the item's identity (label, kind, family, source, licence), what the file itself is (size, fps
/// and duration for clips, bytes, SHA-256, processing), and for a fake the original it was made from (empty otherwise),
/// which <see cref="Corpus"/> reads back so that splits keep the fake beside its original.
/// </summary>
public sealed record ManifestRow(
    string Path, string Label, string Kind, string Family, string Source, string Licence,
    int Width, int Height, double? FramesPerSecond, double? DurationSeconds, long Bytes, string Sha256, string Processing,
    string? DerivedFrom = null)
{
    public const string Header = "path\tlabel\tkind\tfamily\tsource\tlicence\twidth\theight\tfps\tduration_s\tbytes\tsha256\tprocessing\tderived_from";

    public string ToLine() => string.Join('\t',
        Cell(Path), Label, Kind, Cell(Family), Cell(Source), Cell(Licence),
        Width.ToString(CultureInfo.InvariantCulture), Height.ToString(CultureInfo.InvariantCulture),
        Number(FramesPerSecond), Number(DurationSeconds), Bytes.ToString(CultureInfo.InvariantCulture), Sha256, Cell(Processing),
        Cell(DerivedFrom ?? string.Empty));

    /// <summary>Written in full, atomically: a temporary name beside it, then a rename.</summary>
    public static void WriteAll(string path, IEnumerable<ManifestRow> rows)
    {
        var partial = $"{path}.{Environment.ProcessId}.partial";
        try
        {
            File.WriteAllLines(partial, [Header, .. rows.Select(r => r.ToLine())]);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    // Tabs and line breaks would shift the columns of every later cell; the source manifests have none, plain-folder names might.
    private static string Cell(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');

    private static string Number(double? value) => value is { } v ? v.ToString("0.0##", CultureInfo.InvariantCulture) : string.Empty;
}
