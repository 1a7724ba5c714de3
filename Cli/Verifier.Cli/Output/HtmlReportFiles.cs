using Verifier.Detector.Reports;

namespace Verifier.Cli.Output;

/// <summary>
/// Where <c>scan --report OUT</c> writes each file's HTML page: OUT itself for one file; for several files (or when OUT is an
/// existing folder) OUT is a folder holding NAME.html per scanned file, with -2, -3... when two inputs share a name.
/// A page is written to a temporary name and renamed, so a half-written report never appears under its name.
/// </summary>
public sealed class HtmlReportFiles
{
    private readonly string target;
    private readonly bool folder;
    private readonly HashSet<string> taken = new(StringComparer.Ordinal);

    private HtmlReportFiles(string target, bool folder)
    {
        this.target = target;
        this.folder = folder;
    }

    /// <summary>Checks OUT before any scan runs, so a wrong path is a usage error and not a lost hour of scanning.</summary>
    public static HtmlReportFiles For(string option, int fileCount)
    {
        var full = Path.GetFullPath(option);
        if (fileCount > 1 || Directory.Exists(full))
        {
            if (File.Exists(full))
            {
                throw new UsageException($"--report {option}: several files give several reports, so it must be a folder, and this is a file");
            }

            try
            {
                Directory.CreateDirectory(full);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--report {option}: cannot create the folder ({e.Message})");
            }

            return new HtmlReportFiles(full, folder: true);
        }

        if (Path.GetDirectoryName(full) is { } parent && !Directory.Exists(parent))
        {
            throw new UsageException($"--report {option}: the folder {parent} does not exist");
        }

        return new HtmlReportFiles(full, folder: false);
    }

    /// <summary>Renders and writes <paramref name="outcome"/>'s page; returns its path.</summary>
    public string Write(ScanOutcome outcome)
    {
        var path = folder ? NextName(outcome.Report.File) : target;
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            File.WriteAllText(temporary, ScanReportHtml.Render(outcome));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return path;
    }

    private string NextName(string scanned)
    {
        // The input's own name, reduced to characters that are safe in any file system.
        var stem = new string([.. Path.GetFileNameWithoutExtension(scanned).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        stem = stem.Trim('.') is { Length: > 0 } trimmed ? trimmed : "report";
        var name = stem;
        for (var n = 2; !taken.Add(name); n++)
        {
            name = $"{stem}-{n}";
        }

        return Path.Combine(target, name + ".html");
    }
}
