using System.Diagnostics;

namespace Verifier.Provenance.Tests.Support;

/// <summary>Runs ffmpeg to make a test input (lavfi sources, so nothing is committed) or to decode one, failing with its error text.</summary>
internal static class FfmpegRun
{
    /// <summary>Writes <paramref name="name"/> in a fresh test folder from the ffmpeg input and output options <paramref name="args"/>.</summary>
    public static string Make(string name, params string[] args)
    {
        var path = Path.Combine(Oracle.TempDir(), name);
        var (exit, _, err) = Run([.. args, "-y", path]);
        return exit == 0 ? path : throw new InvalidOperationException($"ffmpeg could not make {path}: {err}");
    }

    /// <summary>What ffmpeg writes to its standard output for <paramref name="path"/> with the output options <paramref name="args"/>.</summary>
    public static byte[] Decode(string path, params string[] args)
    {
        var (exit, output, err) = Run(["-i", path, .. args, "-"]);
        return exit == 0 && output.Length > 0 ? output : throw new InvalidOperationException($"ffmpeg could not decode {path}: {err}");
    }

    private static (int Exit, byte[] Output, string Error) Run(string[] args)
    {
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["-v", "error", "-nostdin", .. args])
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("ffmpeg could not be started");
        var err = p.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        var copy = p.StandardOutput.BaseStream.CopyToAsync(output);
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"ffmpeg {string.Join(' ', args)} did not finish within 120 s");
        }

        copy.Wait();
        return (p.ExitCode, output.ToArray(), err.Result);
    }
}
