using static TorchSharp.torch;

namespace Verifier.Generator.Diffusion;

/// <summary>
/// Spacetime patches: latent [B, C, T, H, W] to tokens [B, (T/pt)(H/p)(W/p), C·pt·p·p] in time-row-column order, each
/// token's features channel-major; <see cref="Unpatchify"/> is the exact inverse.
/// </summary>
public static class Patchify
{
    public static Tensor ToTokens(Tensor latent, int patchFrames, int patchSize)
    {
        var (b, c, t, h, w) = (latent.shape[0], latent.shape[1], latent.shape[2], latent.shape[3], latent.shape[4]);
        var (nt, nh, nw) = (t / patchFrames, h / patchSize, w / patchSize);
        using var blocks = latent.reshape(b, c, nt, patchFrames, nh, patchSize, nw, patchSize);
        using var ordered = blocks.permute(0, 2, 4, 6, 1, 3, 5, 7);
        return ordered.reshape(b, nt * nh * nw, c * patchFrames * patchSize * patchSize);
    }

    /// <summary>Tokens back to a latent of <paramref name="channels"/> x the grid (<paramref name="grid"/> = patches per axis).</summary>
    public static Tensor Unpatchify(Tensor tokens, long channels, (long T, long H, long W) grid, int patchFrames, int patchSize)
    {
        var b = tokens.shape[0];
        using var blocks = tokens.reshape(b, grid.T, grid.H, grid.W, channels, patchFrames, patchSize, patchSize);
        using var ordered = blocks.permute(0, 4, 1, 5, 2, 6, 3, 7);
        return ordered.reshape(b, channels, grid.T * patchFrames, grid.H * patchSize, grid.W * patchSize);
    }
}
