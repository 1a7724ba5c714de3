using Verifier.Detector.Onnx.Proto;

namespace Verifier.Detector.Onnx;

/// <summary>The opset-17 operators the detector nets use; each returns its output's name.</summary>
public sealed partial class OnnxGraphBuilder
{
    /// <summary>2-D convolution; the kernel size comes from the weight initializer, padding is symmetric.</summary>
    public string Conv(string input, string weight, string? bias = null, int stride = 1, int padding = 0, int group = 1) =>
        Conv(input, weight, bias, stride, (padding, padding, padding, padding), group);

    /// <summary>2-D convolution with zeros added unevenly: (top, left, bottom, right), as TensorFlow's stride-2 "same" padding needs.</summary>
    public string Conv(string input, string weight, string? bias, int stride, (int Top, int Left, int Bottom, int Right) pads, int group = 1) =>
        Node("Conv", [input, weight, bias],
            Ints("strides", stride, stride), Ints("pads", pads.Top, pads.Left, pads.Bottom, pads.Right), Int("group", group));

    /// <summary>Limits every element to [<paramref name="min"/>, <paramref name="max"/>] (ReLU6 is Clip(0, 6)).</summary>
    public string Clip(string input, float min, float max)
    {
        var id = nodeCount;
        return Node("Clip", [input, AddInitializer($"min_{id}", [min]), AddInitializer($"max_{id}", [max])]);
    }

    public string Relu(string input) => Node("Relu", [input]);

    public string Sigmoid(string input) => Node("Sigmoid", [input]);

    public string MaxPool(string input, int kernel, int stride, int padding = 0) =>
        Node("MaxPool", [input],
            Ints("kernel_shape", kernel, kernel), Ints("strides", stride, stride), Ints("pads", padding, padding, padding, padding));

    public string GlobalAveragePool(string input) => Node("GlobalAveragePool", [input]);

    public string Flatten(string input, int axis = 1) => Node("Flatten", [input], Int("axis", axis));

    /// <summary>alpha * A' * B' + beta * C, where ' transposes when asked (PyTorch's Linear is transB).</summary>
    public string Gemm(string a, string b, string? c = null, bool transA = false, bool transB = false, float alpha = 1f, float beta = 1f) =>
        Node("Gemm", [a, b, c],
            Int("transA", transA ? 1 : 0), Int("transB", transB ? 1 : 0), Float("alpha", alpha), Float("beta", beta));

    public string Add(string a, string b) => Node("Add", [a, b]);

    public string Sub(string a, string b) => Node("Sub", [a, b]);

    public string Mul(string a, string b) => Node("Mul", [a, b]);

    public string Concat(int axis, params string[] inputs) => Node("Concat", inputs, Int("axis", axis));

    /// <summary>Reshape to a constant target shape (0 copies a dimension, -1 infers one, as in ONNX).</summary>
    public string Reshape(string input, params long[] shape) =>
        Node("Reshape", [input, AddInt64Initializer($"shape_{nodeCount}", shape, shape.Length)]);

    /// <summary>Permutes the axes: output axis i is input axis <paramref name="perm"/>[i].</summary>
    public string Transpose(string input, params long[] perm) => Node("Transpose", [input], Ints("perm", perm));

    /// <summary>Mean over <paramref name="axes"/> (opset 17 takes the axes as an attribute).</summary>
    public string ReduceMean(string input, long[] axes, bool keepDims = true) =>
        Node("ReduceMean", [input], Ints("axes", axes), Int("keepdims", keepDims ? 1 : 0));

    public string Abs(string input) => Node("Abs", [input]);

    /// <summary>Square root, element by element.</summary>
    public string Sqrt(string input) => Node("Sqrt", [input]);

    /// <summary>Natural logarithm, element by element.</summary>
    public string Log(string input) => Node("Log", [input]);

    /// <summary>Softmax along one axis (opset 13+ normalises that axis alone).</summary>
    public string Softmax(string input, int axis) => Node("Softmax", [input], Int("axis", axis));

    /// <summary>Sum over <paramref name="axes"/> (opset 13+ takes the axes as an input).</summary>
    public string ReduceSum(string input, long[] axes, bool keepDims = true) =>
        Node("ReduceSum", [input, AddInt64Initializer($"axes_{nodeCount}", axes, axes.Length)], Int("keepdims", keepDims ? 1 : 0));

    /// <summary>Elements start, start + step, ... below end along each of <paramref name="axes"/>, as in ONNX and numpy.</summary>
    public string Slice(string input, long[] starts, long[] ends, long[] axes, long[] steps)
    {
        var id = nodeCount;
        return Node("Slice", [
            input,
            AddInt64Initializer($"starts_{id}", starts, starts.Length),
            AddInt64Initializer($"ends_{id}", ends, ends.Length),
            AddInt64Initializer($"axes_{id}", axes, axes.Length),
            AddInt64Initializer($"steps_{id}", steps, steps.Length),
        ]);
    }

    /// <summary>
    /// Nearest-neighbour upsampling of the last two axes of an NCHW tensor by a whole <paramref name="factor"/>:
    /// output pixel (y, x) copies input (floor(y / factor), floor(x / factor)), as PyTorch's nearest interpolate does.
    /// </summary>
    public string UpsampleNearest(string input, int factor)
    {
        float[] scales = [1f, 1f, factor, factor];
        return Node("Resize", [input, null, AddInitializer($"scales_{nodeCount}", scales, scales.Length)],
            String("mode", "nearest"), String("coordinate_transformation_mode", "asymmetric"), String("nearest_mode", "floor"));
    }

    private static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = Google.Protobuf.ByteString.CopyFromUtf8(value) };

    private static AttributeProto Ints(string name, params long[] values) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Ints, Ints = { values } };
}
