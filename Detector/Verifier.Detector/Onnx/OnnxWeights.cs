using System.Runtime.InteropServices;
using Google.Protobuf;
using Verifier.Detector.Onnx.Proto;

namespace Verifier.Detector.Onnx;

/// <summary>One float constant of an ONNX graph: its name, shape and values (row-major).</summary>
public sealed record OnnxInitializer(string Name, IReadOnlyList<long> Shape, float[] Values);

/// <summary>
/// The weights of an ONNX model read back: its float initializers in graph order, and the stride of each Conv by the
/// name of its weight initializer. Training uses it to rebuild the TorchSharp twin of a shipped model (for gradients);
/// scanning never needs it. Bad bytes throw <see cref="InvalidDataException"/> naming the source.
/// </summary>
public sealed class OnnxWeights
{
    private OnnxWeights(IReadOnlyList<OnnxInitializer> initializers, IReadOnlyDictionary<string, int> convStrides)
    {
        Initializers = initializers;
        ConvStrides = convStrides;
    }

    /// <summary>Float initializers in the order the graph lists them (the order the writer added them).</summary>
    public IReadOnlyList<OnnxInitializer> Initializers { get; }

    /// <summary>Conv stride (the first of its strides; 1 when absent) by the name of the Conv's weight initializer.</summary>
    public IReadOnlyDictionary<string, int> ConvStrides { get; }

    public static OnnxWeights Read(byte[] model, string source)
    {
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{source}: not an ONNX model ({e.Message})", e);
        }

        if (proto.Graph is not { } graph)
        {
            throw new InvalidDataException($"{source}: the ONNX model has no graph");
        }

        var initializers = new List<OnnxInitializer>();
        foreach (var tensor in graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Float))
        {
            long count = 1;
            foreach (var dim in tensor.Dims)
            {
                count = dim >= 0 ? checked(count * dim) : throw new InvalidDataException($"{source}: initializer '{tensor.Name}' has dimension {dim}");
            }

            var values = tensor.RawData.Length > 0
                ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray()
                : [.. tensor.FloatData];
            if (values.Length != count)
            {
                throw new InvalidDataException($"{source}: initializer '{tensor.Name}' holds {values.Length} floats, its shape {count}");
            }

            initializers.Add(new OnnxInitializer(tensor.Name, [.. tensor.Dims], values));
        }

        var strides = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in graph.Node.Where(n => n.OpType == "Conv" && n.Input.Count >= 2))
        {
            var stride = node.Attribute.FirstOrDefault(a => a.Name == "strides") is { Ints.Count: > 0 } attribute ? (int)attribute.Ints[0] : 1;
            strides[node.Input[1]] = stride;
        }

        return new OnnxWeights(initializers, strides);
    }
}
