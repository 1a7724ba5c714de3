namespace Verifier.Cli.Tests.Support;

/// <summary>Temp folders and placeholder files for tests (the stand-in validator never reads their bytes).</summary>
internal static class Temp
{
    public static string Dir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "verifier-cli-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static string File(string dir, string relative)
    {
        var path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, [0xFF, 0xD8, 0xFF, 0xD9]);
        return path;
    }
}
