using Verifier.Detector.Onnx;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Net;

/// <summary>
/// Reads an exported net's initializers back in the order <see cref="OnnxExport"/> wrote them: each layer takes its
/// constants one after another by hint (conv_w, fc_b, ...), so a net built to the same options gets the same weights.
/// Any mismatch (another name, another shape, a fixed filter that differs, weights left over) is an
/// <see cref="InvalidDataException"/> naming the model.
/// </summary>
internal sealed class OnnxImport(OnnxWeights weights, string source)
{
    private int next;

    /// <summary>Copies the next initializer, which must be named <paramref name="hint"/>_N, into <paramref name="target"/>; returns its name.</summary>
    public string Into(Tensor target, string hint)
    {
        var initializer = Take(hint, target.shape);
        using var noGrad = no_grad();
        using var value = tensor(initializer.Values, [.. initializer.Shape]);
        target.copy_(value);
        return initializer.Name;
    }

    /// <summary>Checks that the next initializer, named <paramref name="hint"/>_N, holds the fixed filter <paramref name="expected"/>.</summary>
    public void Expect(Tensor expected, string hint)
    {
        using var cpu = expected.detach().cpu().to_type(ScalarType.Float32).contiguous();
        Expect(cpu.data<float>().ToArray(), cpu.shape, hint);
    }

    /// <summary>Checks that the next initializer, named <paramref name="hint"/>_N, is the constant <paramref name="values"/> of <paramref name="shape"/>.</summary>
    public void Expect(float[] values, long[] shape, string hint)
    {
        var initializer = Take(hint, shape);
        for (var i = 0; i < values.Length; i++)
        {
            if (Math.Abs(values[i] - initializer.Values[i]) > 1e-6f)
            {
                throw new InvalidDataException($"{source}: fixed constant '{initializer.Name}' differs from this net's at element {i}");
            }
        }
    }

    /// <summary>The stride of the Conv that reads initializer <paramref name="name"/>.</summary>
    public int StrideOf(string name) =>
        weights.ConvStrides.TryGetValue(name, out var stride) ? stride : throw new InvalidDataException($"{source}: no Conv reads '{name}'");

    /// <summary>Throws unless every float initializer was taken.</summary>
    public void RequireAllRead()
    {
        if (next != weights.Initializers.Count)
        {
            throw new InvalidDataException($"{source}: {weights.Initializers.Count - next} initializers are left over after '{weights.Initializers[next - 1].Name}'; the net has another layout");
        }
    }

    private OnnxInitializer Take(string hint, long[] shape)
    {
        if (next >= weights.Initializers.Count)
        {
            throw new InvalidDataException($"{source}: the model has too few initializers; the net wants another '{hint}'");
        }

        var initializer = weights.Initializers[next++];
        if (!initializer.Name.StartsWith(hint + "_", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{source}: initializer {next - 1} is '{initializer.Name}' where the net wants '{hint}'");
        }

        if (!initializer.Shape.SequenceEqual(shape))
        {
            throw new InvalidDataException(
                $"{source}: initializer '{initializer.Name}' is [{string.Join(", ", initializer.Shape)}] where the net wants [{string.Join(", ", shape)}]");
        }

        return initializer;
    }
}
