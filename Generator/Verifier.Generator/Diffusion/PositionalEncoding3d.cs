using static TorchSharp.torch;

namespace Verifier.Generator.Diffusion;

/// <summary>
/// Fixed 3D sin-cos positions for a grid of patches: 2·⌊D/6⌋ dims each for t, h and w (sin then cos over frequencies
/// 1/10000^(k/n)), any remainder zero. Made for the grid at hand, so one model serves any clip length and size.
/// </summary>
public static class PositionalEncoding3d
{
    /// <summary>[tokens, <paramref name="width"/>] in <see cref="Patchify"/>'s token order.</summary>
    public static Tensor Create(long frames, long height, long width_, int width)
    {
        var perAxis = 2 * (width / 6);
        var table = new float[frames * height * width_ * width];
        var token = 0L;
        for (var t = 0; t < frames; t++)
        {
            for (var h = 0; h < height; h++)
            {
                for (var w = 0; w < width_; w++, token++)
                {
                    var row = table.AsSpan((int)(token * width), width);
                    Axis(row[..perAxis], t);
                    Axis(row.Slice(perAxis, perAxis), h);
                    Axis(row.Slice(2 * perAxis, perAxis), w);
                }
            }
        }

        return tensor(table, [frames * height * width_, width]);
    }

    private static void Axis(Span<float> dims, int position)
    {
        var half = dims.Length / 2;
        for (var k = 0; k < half; k++)
        {
            var angle = position / Math.Pow(10000, (double)k / half);
            dims[k] = (float)Math.Sin(angle);
            dims[half + k] = (float)Math.Cos(angle);
        }
    }
}
