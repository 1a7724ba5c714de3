using Verifier.Detector.Reports;

namespace Verifier.Detector.Training.Data;

/// <summary>
/// Reads training corpora: a folder with <c>MANIFEST.tsv</c> (the format of <c>../shared/data</c>), or a plain folder
/// with <c>real/</c> and <c>ai/</c> subfolders, where a file's family is its first subfolder below those
/// (<c>ai/sora/x.mp4</c> is family "sora"; a file directly in <c>ai/</c> is family "ai").
/// </summary>
public static class Corpus
{
    public const string ManifestName = "MANIFEST.tsv";

    private static readonly string[] RequiredColumns = ["path", "label", "kind", "family", "source"];

    private static readonly string[] OptionalColumns = ["licence", "derived_from"];

    private static readonly Dictionary<string, string> MediaTypeByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = MediaTypes.Image, [".jpeg"] = MediaTypes.Image, [".png"] = MediaTypes.Image, [".webp"] = MediaTypes.Image,
        [".bmp"] = MediaTypes.Image, [".mp4"] = MediaTypes.Video, [".m4v"] = MediaTypes.Video, [".mov"] = MediaTypes.Video,
        [".mkv"] = MediaTypes.Video, [".webm"] = MediaTypes.Video, [".avi"] = MediaTypes.Video, [".gif"] = MediaTypes.Video,
    };

    /// <summary>Every item of every folder, in order (manifest order, or sorted paths for plain folders).</summary>
    public static IReadOnlyList<CorpusItem> Load(IEnumerable<string> folders) => [.. folders.SelectMany(Load)];

    public static IReadOnlyList<CorpusItem> Load(string folder)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new CorpusException($"{root}: no such corpus folder");
        }

        var manifest = Path.Combine(root, ManifestName);
        return File.Exists(manifest) ? ReadManifest(root, manifest) : WalkLabelFolders(root);
    }

    private static List<CorpusItem> ReadManifest(string root, string manifest)
    {
        var lines = File.ReadAllLines(manifest);
        if (lines.Length == 0)
        {
            throw new CorpusException($"{manifest}: empty; the first line must name the columns");
        }

        var header = lines[0].Split('\t');
        var column = RequiredColumns.Concat(OptionalColumns).ToDictionary(name => name, name => Array.IndexOf(header, name));
        if (RequiredColumns.FirstOrDefault(name => column[name] < 0) is { } missing)
        {
            throw new CorpusException($"{manifest}: line 1 has no '{missing}' column (needs {string.Join(", ", RequiredColumns)})");
        }

        var items = new List<CorpusItem>();
        for (var n = 1; n < lines.Length; n++)
        {
            if (lines[n].Length == 0)
            {
                continue;
            }

            var cells = lines[n].Split('\t');
            string Cell(string name) => column[name] >= 0 && column[name] < cells.Length ? cells[column[name]].Trim() : string.Empty;
            var where = $"{manifest}: line {n + 1}";
            var isAi = Cell("label") switch
            {
                "ai" => true,
                "real" => false,
                var other => throw new CorpusException($"{where}: label '{other}' is neither 'ai' nor 'real'"),
            };
            var mediaType = Cell("kind") is MediaTypes.Image or MediaTypes.Video ? Cell("kind")
                : throw new CorpusException($"{where}: kind '{Cell("kind")}' is neither 'image' nor 'video'");
            var family = Cell("family");
            if (family.Length == 0)
            {
                throw new CorpusException($"{where}: the family is empty (splits need one)");
            }

            items.Add(new CorpusItem(Inside(root, Cell("path"), where), isAi, mediaType, family, Cell("source"))
            {
                Licence = Cell("licence"),
                DerivedFrom = Cell("derived_from") is { Length: > 0 } original ? original : null,
            });
        }

        return items;
    }

    private static string Inside(string root, string relative, string where)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (relative.Length == 0 || !full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new CorpusException($"{where}: path '{relative}' is not a file inside {root}");
        }

        if (!File.Exists(full))
        {
            throw new CorpusException($"{where}: {full} does not exist");
        }

        return full;
    }

    private static List<CorpusItem> WalkLabelFolders(string root)
    {
        var items = new List<CorpusItem>();
        foreach (var (label, isAi) in new[] { ("real", false), ("ai", true) })
        {
            var labelFolder = Path.Combine(root, label);
            if (!Directory.Exists(labelFolder))
            {
                continue;
            }

            var walk = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden };
            foreach (var file in Directory.EnumerateFiles(labelFolder, "*", walk).Order(StringComparer.Ordinal))
            {
                if (!MediaTypeByExtension.TryGetValue(Path.GetExtension(file), out var mediaType))
                {
                    continue;
                }

                var parts = Path.GetRelativePath(labelFolder, file).Split(Path.DirectorySeparatorChar);
                var family = parts.Length > 1 ? parts[0] : label;
                items.Add(new CorpusItem(file, isAi, mediaType, family, Source: $"{label}/{family}"));
            }
        }

        if (items.Count == 0)
        {
            throw new CorpusException($"{root}: neither a {ManifestName} nor media files under real/ and ai/");
        }

        return items;
    }
}
