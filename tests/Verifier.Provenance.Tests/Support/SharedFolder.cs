namespace Verifier.Provenance.Tests.Support;

/// <summary>Locates <c>../shared</c> (docs, data, fixtures, the interop oracle) beside the repository.</summary>
internal static class SharedFolder
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string Fixtures => System.IO.Path.Combine(Path, "fixtures", "c2pa-rs");

    public static string Data => System.IO.Path.Combine(Path, "data");

    public static string Fixture(string relative) => System.IO.Path.Combine(Fixtures, relative);

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("VERIFIER_SHARED") is { Length: > 0 } fromEnv)
        {
            return fromEnv;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (dir.GetFiles("Verifier.sln").Length > 0 && Directory.Exists(System.IO.Path.Combine(dir.Parent!.FullName, "shared")))
            {
                return System.IO.Path.Combine(dir.Parent.FullName, "shared");
            }

            if (Directory.Exists(System.IO.Path.Combine(candidate, "tools", "c2pa-ref")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("../shared was not found beside the repository; set VERIFIER_SHARED.");
    }
}
