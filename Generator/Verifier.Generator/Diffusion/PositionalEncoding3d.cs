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
        // Each axis's sin-cos rows are computed once and broadcast over the grid: built element by element, a
        // 2,048-token, 768-wide table took tens of milliseconds of CPU time in every forward pass.
        using var scope = NewDisposeScope();
        var perAxis = 2 * (width / 6);
        var grid = new long[] { frames, height, width_, perAxis };
        var t = Axis(frames, perAxis).view(frames, 1, 1, perAxis).expand(grid);
        var h = Axis(height, perAxis).view(1, height, 1, perAxis).expand(grid);
        var w = Axis(width_, perAxis).view(1, 1, width_, perAxis).expand(grid);
        var rest = zeros(frames, height, width_, width - (3 * perAxis));
        return cat([t, h, w, rest], 3).reshape(frames * height * width_, width).MoveToOuterDisposeScope();
    }

    /// <summary>[positions, dims]: sin then cos of position / 10000^(k / half) for k below half.</summary>
    private static Tensor Axis(long positions, int dims)
    {
        var half = dims / 2;
        var rows = new float[positions * dims];
        for (var position = 0; position < positions; position++)
        {
            for (var k = 0; k < half; k++)
            {
                var angle = position / Math.Pow(10000, (double)k / half);
                rows[(position * dims) + k] = (float)Math.Sin(angle);
                rows[(position * dims) + half + k] = (float)Math.Cos(angle);
            }
        }

        return tensor(rows, [positions, dims]);
    }
}
