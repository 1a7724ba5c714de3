namespace Verifier.Media;

/// <summary>What ffprobe says about a clip's first video stream. <see cref="KeyframeTimes"/>: seconds from the clip's start, ascending.</summary>
public sealed record ProbeResult(
    string Path,
    double DurationSeconds,
    double FramesPerSecond,
    int Width,
    int Height,
    string Codec,
    int RotationDegrees,
    bool HasAudio,
    IReadOnlyList<double> KeyframeTimes)
{
    /// <summary>The size ffmpeg delivers frames in: it applies the rotation, so 90 and 270 swap width and height.</summary>
    public FrameSize DisplaySize => Math.Abs(RotationDegrees) % 180 == 90 ? new(Height, Width) : new(Width, Height);
}
