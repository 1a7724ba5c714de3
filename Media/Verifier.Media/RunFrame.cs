namespace Verifier.Media;

/// <summary>A decoded frame with where it came from: the index of its <see cref="SampleRun"/> in the plan and its place in that run.</summary>
public readonly record struct RunFrame(int Run, int IndexInRun, Frame Frame);
