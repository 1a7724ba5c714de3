using Verifier.Generator.Diffusion;
using Verifier.Generator.Generation;
using Verifier.Generator.Tests.Support;
using static TorchSharp.torch;

namespace Verifier.Generator.Tests;

/// <summary>Sampling with a tiny randomly initialised model: seeded reproducibility, the solvers, guidance and the modes.</summary>
[TestClass]
public sealed class SamplingTests
{
    private static readonly SamplingOptions Guided = new() { Steps = 3, Sampler = SamplerKind.Heun, Label = 1, GuidanceScale = 2 };

    [TestMethod]
    public void TheSameSeedGivesTheSameClipAndAnotherSeedAnother()
    {
        using var model = TinyGenerator.Random(6);
        var generator = new VideoGenerator(model, CPU);

        using var first = generator.Generate(5, 32, seed: 11, Guided);
        manual_seed(999);                      // global randomness in between must not matter
        using var _ = rand([100]);
        using var again = generator.Generate(5, 32, seed: 11, Guided);
        using var other = generator.Generate(5, 32, seed: 12, Guided);

        CollectionAssert.AreEqual(new long[] { 3, 5, 32, 32 }, first.shape);
        Assert.IsTrue(first.allclose(again, rtol: 0, atol: 0));
        Assert.IsFalse(first.allclose(other));
    }

    [TestMethod]
    public void EulerAndHeunAgreeOnAStraightFlowAndGuidanceChangesTheResult()
    {
        using var model = TinyGenerator.Random(7);
        var generator = new VideoGenerator(model, CPU);

        using var euler = generator.Generate(5, 32, 3, Guided with { Sampler = SamplerKind.Euler, Steps = 1 });
        using var heun = generator.Generate(5, 32, 3, Guided with { Steps = 1 });
        using var unguided = generator.Generate(5, 32, 3, Guided with { GuidanceScale = 1 });
        using var guided = generator.Generate(5, 32, 3, Guided);

        Assert.IsFalse(euler.allclose(heun), "Heun's second velocity must change a one-step result");
        Assert.IsFalse(guided.allclose(unguided), "guidance scale 2 must differ from 1");
    }

    [TestMethod]
    public void OneEulerStepMovesNoiseByTheVelocity()
    {
        using var model = TinyGenerator.Random(8);
        using var noise = randn([1, 4, 2, 4, 4]);
        using var condition = FirstFrameCondition.None(noise);
        var options = new SamplingOptions { Steps = 1, Sampler = SamplerKind.Euler };

        using var sampled = FlowSampler.Sample(model.Transformer, noise, 0, condition, options);
        using var noGrad = no_grad();
        using var velocity = model.Transformer.forward(noise, zeros([1]), full([1], model.Transformer.NullLabel, ScalarType.Int64), condition);

        Assert.IsTrue(sampled.allclose(noise + velocity, rtol: 0, atol: 1e-6));
    }

    [TestMethod]
    public void ReconstructRegenerateAndFirstFrameKeepTheClipShape()
    {
        using var model = TinyGenerator.Random(9);
        var generator = new VideoGenerator(model, CPU);
        using var real = VideoTensors.FromFrames(TinyGenerator.Clip(5, 32));

        using var reconstructed = generator.Reconstruct(real);
        using var regenerated = generator.Regenerate(real, 0.5, seed: 1, Guided);
        using var fromFirst = generator.Generate(5, 32, 1, Guided, real.narrow(1, 0, 1));

        foreach (var video in new[] { reconstructed, regenerated, fromFirst })
        {
            CollectionAssert.AreEqual(real.shape, video.shape);
            Assert.IsTrue(video.abs().max().item<float>() <= 1);
        }

        Assert.ThrowsExactly<ArgumentException>(() => generator.Generate(6, 32, 1, Guided));
        Assert.ThrowsExactly<ArgumentException>(() => generator.Generate(5, 24, 1, Guided));
    }
}
