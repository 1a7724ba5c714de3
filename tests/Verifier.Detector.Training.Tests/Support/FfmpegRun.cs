using System.Diagnostics;

namespace Verifier.Detector.Training.Tests.Support;

/// <summary>Makes test media with the real ffmpeg; a failure fails the test with ffmpeg's own message.</summary>
internal static class FfmpegRun
{
    public static void Make(params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg", ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", .. args]) { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, errors);
    }
}
