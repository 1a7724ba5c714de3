namespace Verifier.Cli.Tests.Support;

/// <summary>Temp folders and placeholder files for tests (the stand-in validator never reads their bytes).</summary>
internal static class Temp
{
    public static string Dir() => Verifier.Provenance.Tests.Support.Oracle.TempDir();

    public static string File(string dir, string relative)
    {
        var path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, [0xFF, 0xD8, 0xFF, 0xD9]);
        return path;
    }
}
