using System.Diagnostics;

namespace Verifier.Provenance.Tests.Support;

/// <summary>Runs ffmpeg to make a test input (lavfi sources, so nothing is committed), failing with its error text.</summary>
internal static class FfmpegRun
{
    /// <summary>Writes <paramref name="name"/> in a fresh test folder from the ffmpeg input and output options <paramref name="args"/>.</summary>
    public static string Make(string name, params string[] args)
    {
        var path = Path.Combine(Oracle.TempDir(), name);
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["-v", "error", "-nostdin", .. args, "-y", path])
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("ffmpeg could not be started");
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"ffmpeg did not make {path} within 120 s");
        }

        return p.ExitCode == 0 ? path : throw new InvalidOperationException($"ffmpeg could not make {path}: {err.Result}");
    }
}
