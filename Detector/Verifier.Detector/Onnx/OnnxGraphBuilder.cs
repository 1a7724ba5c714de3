using System.Runtime.InteropServices;
using Google.Protobuf;
using Verifier.Detector.Onnx.Proto;

namespace Verifier.Detector.Onnx;

/// <summary>
/// Builds a small ONNX model (IR 8, opset 17, weights as raw data) from C#: declare inputs, add
/// initializers and nodes (see the operator methods), declare outputs, then <see cref="ToBytes"/> or
/// <see cref="Save"/>. Every operator returns the name of the value it produces, so graphs read as
/// nested calls. Misuse (duplicate names, a shape that does not match its data) is a programming
/// error and throws <see cref="ArgumentException"/>.
/// </summary>
public sealed partial class OnnxGraphBuilder
{
    /// <summary>A dimension left open in an input or output shape (the batch), written as the symbol "N".</summary>
    public const long Dynamic = -1;

    public const long IrVersion = 8;
    public const long OpsetVersion = 17;

    private const string DynamicDimName = "N";

    private readonly GraphProto graph;
    private readonly HashSet<string> values = new(StringComparer.Ordinal);
    private int nodeCount;

    public OnnxGraphBuilder(string graphName)
    {
        ArgumentException.ThrowIfNullOrEmpty(graphName);
        graph = new GraphProto { Name = graphName };
    }

    /// <summary>Declares a float input; use <see cref="Dynamic"/> for the batch dimension.</summary>
    public string AddInput(string name, params ReadOnlySpan<long> shape)
    {
        Declare(name);
        graph.Input.Add(FloatValueInfo(name, shape));
        return name;
    }

    /// <summary>Declares a float graph output <paramref name="name"/> carrying <paramref name="value"/>.</summary>
    public void AddOutput(string name, string value, params ReadOnlySpan<long> shape)
    {
        RequireKnown(value);
        Declare(name);
        // An Identity node lets the output keep a stable public name whatever node produced it.
        graph.Node.Add(new NodeProto { OpType = "Identity", Name = $"output_{name}", Input = { value }, Output = { name } });
        graph.Output.Add(FloatValueInfo(name, shape));
    }

    /// <summary>Adds a float constant (weights, biases); the data is copied as little-endian raw bytes.</summary>
    public string AddInitializer(string name, ReadOnlySpan<float> data, params ReadOnlySpan<long> shape)
    {
        var tensor = Tensor(name, TensorProto.Types.DataType.Float, data.Length, shape);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data));
        graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds an int64 constant (for example the target shape of <see cref="Reshape"/>).</summary>
    public string AddInt64Initializer(string name, ReadOnlySpan<long> data, params ReadOnlySpan<long> shape)
    {
        var tensor = Tensor(name, TensorProto.Types.DataType.Int64, data.Length, shape);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data));
        graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>The serialized ModelProto.</summary>
    public byte[] ToBytes(string producerVersion = "0.1.0") => BuildModel(producerVersion).ToByteArray();

    /// <summary>Writes the serialized ModelProto to <paramref name="path"/>, replacing any file there.</summary>
    public void Save(string path, string producerVersion = "0.1.0") => File.WriteAllBytes(path, ToBytes(producerVersion));

    internal ModelProto BuildModel(string producerVersion)
    {
        if (graph.Output.Count == 0)
        {
            throw new InvalidOperationException($"graph '{graph.Name}' has no output; call AddOutput first");
        }

        return new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Verifier",
            ProducerVersion = producerVersion,
            Graph = graph.Clone(),
            OpsetImport = { new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion } },
        };
    }

    /// <summary>Adds one node with a fresh output name and returns that name.</summary>
    private string Node(string opType, IEnumerable<string?> inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{nodeCount++}" };
        foreach (var input in inputs)
        {
            // ONNX marks an omitted optional input with an empty name.
            if (input is not null)
            {
                RequireKnown(input);
            }

            node.Input.Add(input ?? string.Empty);
        }

        var output = node.Name;
        Declare(output);
        node.Output.Add(output);
        node.Attribute.Add(attributes);
        graph.Node.Add(node);
        return output;
    }

    private TensorProto Tensor(string name, TensorProto.Types.DataType type, int count, ReadOnlySpan<long> shape)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw data is little-endian; this writer copies memory as is");
        }

        long expected = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"initializer '{name}': dimension {dim} is not allowed in a constant", nameof(shape));
            }

            expected = checked(expected * dim);
        }

        if (expected != count)
        {
            throw new ArgumentException($"initializer '{name}': shape holds {expected} elements but {count} were given", nameof(shape));
        }

        Declare(name);
        var tensor = new TensorProto { Name = name, DataType = (int)type };
        tensor.Dims.Add(shape.ToArray());
        return tensor;
    }

    private static ValueInfoProto FloatValueInfo(string name, ReadOnlySpan<long> shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var dim in shape)
        {
            tensorShape.Dim.Add(dim switch
            {
                Dynamic => new TensorShapeProto.Types.Dimension { DimParam = DynamicDimName },
                > 0 => new TensorShapeProto.Types.Dimension { DimValue = dim },
                _ => throw new ArgumentException($"value '{name}': dimension {dim} is neither positive nor Dynamic", nameof(shape)),
            });
        }

        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = tensorShape };
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }

    private void Declare(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!values.Add(name))
        {
            throw new ArgumentException($"the graph already has a value named '{name}'", nameof(name));
        }
    }

    private void RequireKnown(string name)
    {
        if (!values.Contains(name))
        {
            throw new ArgumentException($"the graph has no value named '{name}'", nameof(name));
        }
    }
}
