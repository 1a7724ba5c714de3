namespace Verifier.Media;

/// <summary>Where the ffmpeg and ffprobe executables are, and how long one of their runs may take.</summary>
public sealed class FfmpegTools
{
    public const string InstallHint = "install it (Debian/Ubuntu: apt-get install -y ffmpeg)";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    private FfmpegTools(string ffmpegPath, string ffprobePath, TimeSpan timeout)
    {
        FfmpegPath = ffmpegPath;
        FfprobePath = ffprobePath;
        Timeout = timeout;
    }

    public string FfmpegPath { get; }

    public string FfprobePath { get; }

    /// <summary>The longest one ffmpeg/ffprobe run may take before it is stopped (and its process tree killed).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// Finds ffmpeg and ffprobe on <paramref name="searchPath"/> (a PATH-style list; the process's PATH when null).
    /// Throws <see cref="MediaException"/> (<see cref="MediaErrorKind.ToolMissing"/>) saying how to install them.
    /// </summary>
    public static FfmpegTools Locate(string? searchPath = null, TimeSpan? timeout = null)
    {
        var dirs = (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ffmpeg = Find("ffmpeg", dirs);
        var ffprobe = Find("ffprobe", dirs);
        return new FfmpegTools(ffmpeg, ffprobe, timeout ?? DefaultTimeout);
    }

    private static string Find(string tool, string[] dirs)
    {
        var name = OperatingSystem.IsWindows() ? tool + ".exe" : tool;
        foreach (var dir in dirs)
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new MediaException(MediaErrorKind.ToolMissing, $"{tool} was not found on PATH; it is needed for video: {InstallHint}.");
    }
}
