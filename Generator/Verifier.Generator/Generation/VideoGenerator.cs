using TorchSharp;
using Verifier.Generator.Diffusion;
using static TorchSharp.torch;

namespace Verifier.Generator.Generation;

/// <summary>
/// Runs a <see cref="GeneratorModel"/> for clips: from noise (optionally from a first frame), a real clip through the
/// autoencoder (reconstruct), or a real clip's latent partly noised and denoised again (regenerate). Videos are
/// [3, F, S, S] in [-1, 1], on the CPU in fp32; the model runs on its device in <see cref="Precision.For"/>. Noise is
/// drawn on the CPU from the seed alone, so a seed gives the same clip whatever else ran before.
/// </summary>
public sealed class VideoGenerator(GeneratorModel model, Device device)
{
    private readonly ScalarType dtype = Precision.For(device);

    public GeneratorModel Model { get; } = model;

    /// <summary>A new clip of <paramref name="frames"/> x <paramref name="size"/>²; <paramref name="firstFrame"/>: [3, 1, S, S] or null.</summary>
    public Tensor Generate(int frames, int size, long seed, SamplingOptions sampling, Tensor? firstFrame = null)
    {
        Check(frames, size);
        Model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var c = Model.Config;
        var latentSide = size / GeneratorConfig.SpatialCompression;
        var noise = Noise([1, c.LatentChannels, GeneratorConfig.LatentFrames(frames), latentSide, latentSide], seed);
        var condition = firstFrame is null
            ? FirstFrameCondition.None(noise)
            : FirstFrameCondition.From(Model.Encode(OnDevice(firstFrame.unsqueeze(0))), ones(1, ScalarType.Bool, device), noise.shape[2]);
        var latent = FlowSampler.Sample(Model.Transformer, noise, 0, condition, sampling);
        return ToCpu(Model.Decode(latent)).MoveToOuterDisposeScope();
    }

    /// <summary>decode(encode(video)): the same content with the autoencoder's fingerprint (an aligned fake).</summary>
    public Tensor Reconstruct(Tensor video)
    {
        Check((int)video.shape[1], (int)video.shape[2]);
        Model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return ToCpu(Model.Decode(Model.Encode(OnDevice(video.unsqueeze(0))))).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The clip's latent moved a fraction <paramref name="strength"/> of the way back to noise (x_t with t = 1 - strength),
    /// then integrated to t = 1: 0 keeps the clip, 1 ignores it.
    /// </summary>
    public Tensor Regenerate(Tensor video, double strength, long seed, SamplingOptions sampling)
    {
        if (strength is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "the strength must be in (0, 1]");
        }

        Check((int)video.shape[1], (int)video.shape[2]);
        Model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var latent = Model.Encode(OnDevice(video.unsqueeze(0)));
        var startTime = 1 - strength;
        var start = FlowMatching.Interpolate(Noise(latent.shape, seed), latent, full(1, startTime, latent.dtype, latent.device));
        var result = FlowSampler.Sample(Model.Transformer, start, startTime, FirstFrameCondition.None(latent), sampling);
        return ToCpu(Model.Decode(result)).MoveToOuterDisposeScope();
    }

    private void Check(int frames, int size)
    {
        if (Model.Config.ClipProblem(frames, size) is { } problem)
        {
            throw new ArgumentException(problem);
        }
    }

    private Tensor Noise(long[] shape, long seed)
    {
        using var generator = new torch.Generator(unchecked((ulong)seed));
        using var noise = randn(shape, ScalarType.Float32, generator: generator);
        return noise.to(dtype, device);
    }

    private Tensor OnDevice(Tensor video) => video.to(dtype, device);

    private static Tensor ToCpu(Tensor batch) => batch[0].to(ScalarType.Float32).cpu().clamp(-1, 1);
}
