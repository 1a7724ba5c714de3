using TorchSharp;
using Verifier.Media;
using static TorchSharp.torch;

namespace Verifier.Generator.Tests.Support;

/// <summary>
/// Randomly initialised tiny models (no trained weights exist yet) and tiny clips. The zero-initialised adaLN-Zero layers
/// are given small random weights too, so the transformer's output is not trivially zero and sampling exercises it.
/// </summary>
internal static class TinyGenerator
{
    public static GeneratorModel Random(int seed)
    {
        manual_seed(seed);
        var model = new GeneratorModel(GeneratorConfig.Tiny);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.Transformer.named_parameters())
        {
            if (parameter.abs().max().item<float>() == 0)
            {
                parameter.normal_(0, 0.05);
            }
        }

        return model;
    }

    /// <summary>A moving gradient clip of <paramref name="frames"/> x <paramref name="size"/>², as RGB frames.</summary>
    public static IReadOnlyList<Frame> Clip(int frames, int size, int shift = 0) =>
        [.. Enumerable.Range(0, frames).Select(f =>
        {
            var rgb = new byte[Frame.ByteCount(size, size)];
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    var i = ((y * size) + x) * 3;
                    (rgb[i], rgb[i + 1], rgb[i + 2]) = ((byte)((x + f + shift) * 8), (byte)(y * 8), (byte)(128 + (f * 10)));
                }
            }

            return new Frame(size, size, rgb, f / 8.0);
        })];
}
