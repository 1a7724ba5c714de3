using TorchSharp;
using static TorchSharp.torch;

namespace Verifier.Generator;

/// <summary>bf16 on the GPU (tensor cores, half the memory), fp32 on the CPU (bf16 matmuls are slow there).</summary>
public static class Precision
{
    public static ScalarType For(Device device) => device.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32;
}
