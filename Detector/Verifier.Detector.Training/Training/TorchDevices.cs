using static TorchSharp.torch;

namespace Verifier.Detector.Training.Training;

/// <summary>Maps the command line's device names onto TorchSharp devices.</summary>
public static class TorchDevices
{
    public static Device Resolve(string name) => name switch
    {
        "cpu" => CPU,
        "cuda" => cuda.is_available() ? CUDA
            : throw new ArgumentException("--device cuda: this libtorch has no CUDA device (the CPU build is installed; see docs/stack.md for the GPU machine)"),
        "auto" => cuda.is_available() ? CUDA : CPU,
        _ => throw new ArgumentException($"--device {name}: use auto, cpu or cuda"),
    };
}
