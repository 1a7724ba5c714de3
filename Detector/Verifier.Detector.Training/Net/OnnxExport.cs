using Verifier.Detector.Onnx;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Net;

/// <summary>The graph being written plus fresh, readable names for the weights the layers copy into it.</summary>
internal sealed class OnnxExport(OnnxGraphBuilder graph)
{
    private int constants;

    public OnnxGraphBuilder Graph { get; } = graph;

    /// <summary>Copies a (trained or fixed) tensor into the graph as a float initializer.</summary>
    public string Constant(Tensor value, string hint)
    {
        using var cpu = value.detach().cpu().to_type(ScalarType.Float32).contiguous();
        return Graph.AddInitializer($"{hint}_{constants++}", cpu.data<float>().ToArray(), cpu.shape);
    }

    public string Constant(float[] value, string hint, params long[] shape) =>
        Graph.AddInitializer($"{hint}_{constants++}", value, shape);
}
