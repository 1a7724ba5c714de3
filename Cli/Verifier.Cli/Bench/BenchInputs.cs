using System.Diagnostics;
using System.Globalization;
using Verifier.Media;

namespace Verifier.Cli.Bench;

/// <summary>
/// The standard inputs of <c>bench scan</c>, made once with ffmpeg and kept in the temp folder for later runs: a 60 s
/// 1080p30 H.264 clip (2 s GOP, x264 veryfast, as a phone or platform upload) and a 12 MP JPEG. Each is written under a
/// temporary name and renamed, so an interrupted run never leaves a half-made input that a later run would trust.
/// </summary>
public static class BenchInputs
{
    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), "verifier-bench-inputs");

    public static string Clip1080p60s(TextWriter log) => Make(log, "clip-1080p30-60s.mp4",
        "-f lavfi -i testsrc2=size=1920x1080:rate=30:duration=60 -f lavfi -i sine=frequency=440:duration=60 "
        + "-c:v libx264 -preset veryfast -crf 23 -g 60 -pix_fmt yuv420p -c:a aac -shortest -movflags +faststart");

    public static string Photo12Mp(TextWriter log) => Make(log, "photo-4000x3000.jpg",
        "-f lavfi -i testsrc2=size=4000x3000:rate=1 -frames:v 1 -q:v 3");

    private static string Make(TextWriter log, string name, string arguments)
    {
        var path = Path.Combine(Folder, name);
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(Folder);
        var partial = $"{path}.{Environment.ProcessId}.partial{Path.GetExtension(name)}";
        log.WriteLine($"making {path} with ffmpeg (once; later runs reuse it)");
        var psi = new ProcessStartInfo(FfmpegTools.Locate().FfmpegPath) { RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in $"-nostdin -hide_banner -loglevel error -y {arguments}".Split(' '))
        {
            psi.ArgumentList.Add(argument);
        }

        psi.ArgumentList.Add(partial);
        try
        {
            using var ffmpeg = Process.Start(psi) ?? throw new InvalidOperationException("ffmpeg could not be started");
            var errors = ffmpeg.StandardError.ReadToEnd();
            ffmpeg.WaitForExit();
            if (ffmpeg.ExitCode != 0)
            {
                throw new InvalidOperationException($"ffmpeg could not make {name} (exit {ffmpeg.ExitCode.ToString(CultureInfo.InvariantCulture)}): {errors}");
            }

            File.Move(partial, path);
            return path;
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
