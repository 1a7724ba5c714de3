namespace Verifier.Detector.Scoring;

/// <summary>How ONNX Runtime runs a detector model.</summary>
public sealed record DetectorOptions
{
    /// <summary>Threads one inference may use; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Where scoring runs.</summary>
    public ScoringDevice Device { get; init; } = ScoringDevice.Auto;
}
