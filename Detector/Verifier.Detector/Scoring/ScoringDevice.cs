namespace Verifier.Detector.Scoring;

/// <summary>Where ONNX Runtime runs a detector.</summary>
public enum ScoringDevice
{
    /// <summary>The GPU when ONNX Runtime has its CUDA provider (the Microsoft.ML.OnnxRuntime.Gpu build) and a GPU answers; else the CPU.</summary>
    Auto,

    /// <summary>The CPU, always.</summary>
    Cpu,

    /// <summary>The GPU through the CUDA provider, or an error saying why not.</summary>
    Cuda,
}
