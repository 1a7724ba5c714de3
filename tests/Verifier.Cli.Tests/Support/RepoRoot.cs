namespace Verifier.Cli.Tests.Support;

/// <summary>The repository root (the folder holding Verifier.sln), found from the test binaries upwards.</summary>
internal static class RepoRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string Samples => System.IO.Path.Combine(Path, "samples");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Verifier.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Verifier.sln was not found above " + AppContext.BaseDirectory);
    }
}
