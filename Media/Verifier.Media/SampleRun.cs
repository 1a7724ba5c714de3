namespace Verifier.Media;

/// <summary>
/// Decode <see cref="FrameCount"/> consecutive frames starting at <see cref="StartSeconds"/> (relative to the clip's start).
/// <see cref="AtKeyframe"/>: the start is a keyframe's time, so the decoder may seek straight to it.
/// </summary>
public readonly record struct SampleRun(double StartSeconds, int FrameCount, bool AtKeyframe);
