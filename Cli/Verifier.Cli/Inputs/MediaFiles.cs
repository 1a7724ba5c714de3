namespace Verifier.Cli.Inputs;

/// <summary>Turns the FILE arguments into the files to verify: files as given, directories walked for media files.</summary>
public static class MediaFiles
{
    /// <summary>Extensions (lower case, with the dot) that a directory walk picks up.</summary>
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".webp", ".mp4", ".m4v", ".mov", ".m4a", ".heic", ".heif", ".avif", ".c2pa", ".wav", ".avi",
        ".gif", ".svg", ".flac", ".jxl", ".pdf", ".tif", ".tiff", ".dng", ".mp3",
    };

    // Symbolic links are skipped so that a link loop cannot make the walk endless.
    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
        MatchType = MatchType.Simple,
    };

    /// <summary>
    /// Expands <paramref name="arguments"/> in order. A path that is neither a file nor a directory is kept as it is,
    /// so that verification reports it as unreadable by name. Directory contents come sorted (ordinal) for stable output.
    /// </summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> arguments)
    {
        var files = new List<string>();
        foreach (var argument in arguments)
        {
            if (Directory.Exists(argument))
            {
                files.AddRange(Directory.EnumerateFiles(argument, "*", Walk)
                    .Where(f => Extensions.Contains(Path.GetExtension(f)))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                files.Add(argument);
            }
        }

        return files;
    }
}
