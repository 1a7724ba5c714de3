using TorchSharp;
using Verifier.Generator.Diffusion;
using static TorchSharp.torch;

namespace Verifier.Generator.Tests;

/// <summary>Rectified flow: the interpolation, the velocity target, and a loss that falls when a tiny transformer fits a fixed batch.</summary>
[TestClass]
public sealed class FlowMatchingTests
{
    [TestMethod]
    public void TheInterpolationRunsStraightFromNoiseToData()
    {
        using var noise = full([1, 1, 1, 1, 1], 2f);
        using var data = full([1, 1, 1, 1, 1], 10f);

        // (1 - 0.25) * 2 + 0.25 * 10 = 4.
        Assert.AreEqual(4f, FlowMatching.Interpolate(noise, data, tensor(new[] { 0.25f })).item<float>(), 1e-6);
    }

    [TestMethod]
    public void TheLossFallsOnATinyFixedBatch()
    {
        manual_seed(5);
        var config = GeneratorConfig.Tiny;
        using var transformer = new DiffusionTransformer(config);
        using var data = randn([4, config.LatentChannels, 2, 4, 4]);
        using var noise = randn([4, config.LatentChannels, 2, 4, 4]);
        using var time = rand([4]);
        using var labels = tensor(new long[] { 0, 1, 2, transformer.NullLabel });
        using var condition = FirstFrameCondition.From(data, tensor(new[] { true, false, true, false }), 2);
        using var optimizer = optim.AdamW(transformer.parameters(), 1e-2);

        var losses = new List<float>();
        for (var step = 0; step < 30; step++)
        {
            using var loss = FlowMatching.Loss(transformer, data, noise, time, labels, condition);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        // An untrained transformer predicts zero velocity, so the first loss is the mean squared target, computed here directly.
        var target = (data - noise).pow(2).mean().item<float>();
        Assert.AreEqual(target, losses[0], 1e-5);
        Assert.IsLessThan(0.5 * losses[0], losses[^1], $"loss went {losses[0]:0.000} -> {losses[^1]:0.000}");
    }
}
