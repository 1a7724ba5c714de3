using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Verifier.Generator.Diffusion;

/// <summary>
/// The latent diffusion transformer: the noisy latent and its conditioning (a first latent frame and its mask, zeros
/// when there is none) are cut into spacetime patches, embedded, given 3D sin-cos positions, passed through adaLN-Zero
/// blocks conditioned on the flow time and the class label, and mapped back to a velocity of the latent's shape.
/// </summary>
public sealed class DiffusionTransformer : nn.Module<Tensor, Tensor, Tensor, Tensor, Tensor>
{
    private readonly GeneratorConfig config;
    private readonly Linear patchEmbed;
    private readonly TimestepEmbedder timeEmbed;
    private readonly LabelEmbedder labelEmbed;
    private readonly ModuleList<DitBlock> blocks = new();
    private readonly FinalLayer final;

    // The last grid's position table on the last dtype and device: training and sampling repeat one grid, so it is
    // built and copied to the device once rather than in every forward pass.
    private (long T, long H, long W, ScalarType Type, DeviceType Device, int Index) positionsKey;
    private Tensor? positions;

    public DiffusionTransformer(GeneratorConfig config)
        : base(nameof(DiffusionTransformer))
    {
        this.config = config;
        var patch = (long)config.PatchFrames * config.PatchSize * config.PatchSize;
        patchEmbed = nn.Linear(ConditionedChannels(config) * patch, config.Width);
        timeEmbed = new TimestepEmbedder(config.Width);
        labelEmbed = new LabelEmbedder(config.Classes, config.Width);
        for (var i = 0; i < config.Depth; i++)
        {
            blocks.Add(new DitBlock(config.Width, config.Heads, config.MlpRatio));
        }

        final = new FinalLayer(config.Width, config.LatentChannels * patch);
        RegisterComponents();
    }

    public int NullLabel => labelEmbed.NullLabel;

    /// <summary>Channels the patches are cut from: the noisy latent, the first-frame latent and its mask.</summary>
    public static long ConditionedChannels(GeneratorConfig config) => (2L * config.LatentChannels) + 1;

    /// <summary>
    /// <paramref name="noisy"/>: x_t [B, C, T, H, W]; <paramref name="time"/>: t [B]; <paramref name="labels"/>: [B]
    /// (int64, <see cref="NullLabel"/> for none); <paramref name="condition"/>: [B, C + 1, T, H, W] (see
    /// <see cref="FirstFrameCondition"/>). Returns the predicted velocity, shaped like <paramref name="noisy"/>.
    /// </summary>
    public override Tensor forward(Tensor noisy, Tensor time, Tensor labels, Tensor condition)
    {
        using var scope = NewDisposeScope();
        var (pt, p) = (config.PatchFrames, config.PatchSize);
        var grid = (T: noisy.shape[2] / pt, H: noisy.shape[3] / p, W: noisy.shape[4] / p);
        var tokens = patchEmbed.forward(Patchify.ToTokens(cat([noisy, condition], 1), pt, p));
        tokens = tokens + Positions(grid.T, grid.H, grid.W, tokens);
        var c = timeEmbed.forward(time) + labelEmbed.forward(labels);
        foreach (var block in blocks)
        {
            tokens = block.forward(tokens, c);
        }

        var velocity = Patchify.Unpatchify(final.forward(tokens, c), config.LatentChannels, grid, pt, p);
        return velocity.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            positions?.Dispose();
            positions = null;
        }

        base.Dispose(disposing);
    }

    private Tensor Positions(long t, long h, long w, Tensor like)
    {
        var key = (t, h, w, like.dtype, like.device_type, like.device_index);
        if (positions is null || positionsKey != key)
        {
            positions?.Dispose();
            using var table = PositionalEncoding3d.Create(t, h, w, config.Width);
            positions = table.to(like.dtype, like.device, copy: true).DetachFromDisposeScope();
            positionsKey = key;
        }

        return positions;
    }
}
