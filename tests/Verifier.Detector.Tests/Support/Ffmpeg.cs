using System.Diagnostics;

namespace Verifier.Detector.Tests.Support;

/// <summary>Makes test media with the system ffmpeg (lavfi sources), lossless where exact pixel colours matter.</summary>
internal static class Ffmpeg
{
    /// <summary>Renders <paramref name="filterGraph"/> (sources included, one output) as lossless RGB H.264 into <paramref name="path"/>.</summary>
    public static string LosslessClip(string path, string filterGraph) =>
        Run(path, ["-filter_complex", filterGraph, "-c:v", "libx264rgb", "-qp", "0"]);

    /// <summary>Renders the first frame of <paramref name="filterGraph"/> as a still (format from the extension, e.g. PNG).</summary>
    public static string Still(string path, string filterGraph) => Run(path, ["-filter_complex", filterGraph, "-frames:v", "1"]);

    /// <summary>Renders <paramref name="filterGraph"/> to <paramref name="path"/> in the format its extension names (e.g. an animated GIF).</summary>
    public static string Animation(string path, string filterGraph) => Run(path, ["-filter_complex", filterGraph]);

    private static string Run(string path, string[] arguments)
    {
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-nostdin", "-v", "error", "-y", .. arguments, path])
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, $"ffmpeg failed making {path}: {stderr}");
        return path;
    }
}
