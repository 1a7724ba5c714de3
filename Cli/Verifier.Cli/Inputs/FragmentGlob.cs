namespace Verifier.Cli.Inputs;

/// <summary>Expands <c>--fragments GLOB</c>: a directory part and a file-name pattern with <c>*</c> and <c>?</c>.</summary>
public static class FragmentGlob
{
    public static IReadOnlyList<string> Expand(string glob)
    {
        var directory = Path.GetDirectoryName(glob);
        var pattern = Path.GetFileName(glob);
        directory = string.IsNullOrEmpty(directory) ? "." : directory;
        if (pattern.Length == 0 || !Directory.Exists(directory))
        {
            return [];
        }

        return Directory.EnumerateFiles(directory, pattern, new EnumerationOptions { MatchType = MatchType.Simple, IgnoreInaccessible = true })
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
