using static TorchSharp.torch;

namespace Verifier.Generator.Diffusion;

/// <summary>
/// Image-to-video conditioning as extra input channels: the given first latent frame in frame 0 (zeros elsewhere) and a
/// mask channel that is 1 on frame 0 when a first frame is given; all zeros means "no first frame".
/// </summary>
public static class FirstFrameCondition
{
    /// <summary>No first frame for a latent shaped like <paramref name="latent"/>: [B, C + 1, T, H, W] of zeros.</summary>
    public static Tensor None(Tensor latent) =>
        zeros([latent.shape[0], latent.shape[1] + 1, latent.shape[2], latent.shape[3], latent.shape[4]], latent.dtype, latent.device);

    /// <summary>
    /// The condition for samples whose flag in <paramref name="given"/> [B] (bool) is set: latent frame 0 of
    /// <paramref name="firstFrames"/> [B, C, ≥1, H, W] and a mask of ones there; zeros for the others.
    /// </summary>
    public static Tensor From(Tensor firstFrames, Tensor given, long frames)
    {
        using var scope = NewDisposeScope();
        var (b, c, h, w) = (firstFrames.shape[0], firstFrames.shape[1], firstFrames.shape[3], firstFrames.shape[4]);
        var keep = given.to(firstFrames.dtype).reshape(b, 1, 1, 1, 1);
        var first = cat([firstFrames.narrow(2, 0, 1) * keep, keep.expand(b, 1, 1, h, w)], 1);
        var condition = frames == 1 ? first : cat([first, zeros([b, c + 1, frames - 1, h, w], first.dtype, first.device)], 2);
        return condition.MoveToOuterDisposeScope();
    }
}
