using TorchSharp;
using TorchSharp.Modules;
using Verifier.Detector.Tests.Support;
using Verifier.Generator.Training;
using static TorchSharp.torch;

namespace Verifier.Generator.Tests;

/// <summary>
/// The flat optimiser takes the steps TorchSharp's own AdamW takes (same formula, same defaults), with gradients written
/// by backward straight into its buffer, and its saved state resumes a run exactly.
/// </summary>
[TestClass]
public sealed class FlatAdamWTests
{
    private const double LearningRate = 0.01;
    private const double WeightDecay = 0.05;

    [TestMethod]
    public void ItTakesTheStepsOfTorchSharpsAdamW()
    {
        using var reference = Net(seed: 3);
        using var flatNet = Net(seed: 3);
        using var library = optim.AdamW(reference.parameters(), LearningRate, weight_decay: WeightDecay);
        using var flat = new FlatAdamW(flatNet.parameters(), LearningRate, WeightDecay);

        for (var step = 0; step < 5; step++)
        {
            library.zero_grad();
            Loss(reference, step).backward();
            library.step();
            flat.ZeroGrad();
            Loss(flatNet, step).backward();
            flat.Step();
        }

        foreach (var (expected, actual) in reference.parameters().Zip(flatNet.parameters()))
        {
            var gap = (expected - actual).abs().max().item<float>();
            Assert.IsTrue(gap < 1e-6f, $"parameters differ by {gap}");
        }

        Assert.AreEqual(5, flat.Steps);
        Assert.AreEqual(reference.parameters().Sum(p => p.numel()), flat.Count);
    }

    [TestMethod]
    public void BackwardWritesIntoTheBufferAndZeroGradClearsIt()
    {
        using var net = Net(seed: 4);
        using var flat = new FlatAdamW(net.parameters(), LearningRate);
        var before = net.parameters().Select(p => p.detach().clone()).ToArray();

        Loss(net, 0).backward();
        Assert.IsTrue(net.parameters().All(p => p.grad is not null && p.grad.abs().sum().item<float>() > 0), "every parameter has a gradient");
        flat.Step();
        Assert.IsTrue(net.parameters().Zip(before).All(pair => !pair.First.allclose(pair.Second, rtol: 0, atol: 0)), "every parameter moved");

        flat.ZeroGrad();
        Assert.IsTrue(net.parameters().All(p => p.grad!.abs().sum().item<float>() == 0));

        // A second backward accumulates into the same buffer, as into any defined gradient.
        Loss(net, 1).backward();
        var once = net.parameters().Select(p => p.grad!.clone()).ToArray();
        Loss(net, 1).backward();
        foreach (var (twice, single) in net.parameters().Select(p => p.grad!).Zip(once))
        {
            Assert.IsTrue(twice.allclose(single * 2, rtol: 1e-5, atol: 1e-7));
        }
    }

    [TestMethod]
    public void ASavedStateResumesTheRunExactly()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "optimizer.bin");
        using var straight = Net(seed: 5);
        using var straightOptimizer = new FlatAdamW(straight.parameters(), LearningRate, WeightDecay);
        Train(straight, straightOptimizer, 0, 3);
        straightOptimizer.Save(path);
        var weights = straight.parameters().Select(p => p.detach().clone()).ToArray();
        Train(straight, straightOptimizer, 3, 6);

        // Weights first, then the optimiser, as the trainer loads a checkpoint.
        using var resumed = Net(seed: 99);
        using (no_grad())
        {
            foreach (var (parameter, saved) in resumed.parameters().Zip(weights))
            {
                parameter.copy_(saved);
            }
        }

        using var resumedOptimizer = new FlatAdamW(resumed.parameters(), LearningRate, WeightDecay);
        resumedOptimizer.Load(path);
        Assert.AreEqual(3, resumedOptimizer.Steps);
        Train(resumed, resumedOptimizer, 3, 6);

        foreach (var (expected, actual) in straight.parameters().Zip(resumed.parameters()))
        {
            Assert.IsTrue(expected.allclose(actual, rtol: 0, atol: 0), "the resumed run ends where the straight one does");
        }
    }

    [TestMethod]
    public void AStateForOtherParametersOrNoStateIsRefused()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "optimizer.bin");
        using var small = nn.Linear(2, 2);
        using (var optimizer = new FlatAdamW(small.parameters(), LearningRate))
        {
            optimizer.Save(path);
        }

        using var net = Net(seed: 6);
        using var flat = new FlatAdamW(net.parameters(), LearningRate);
        var wrongSize = Assert.ThrowsExactly<InvalidDataException>(() => flat.Load(path));
        StringAssert.Contains(wrongSize.Message, path);

        File.WriteAllBytes(path, [1, 2]);
        var garbage = Assert.ThrowsExactly<InvalidDataException>(() => flat.Load(path));
        StringAssert.Contains(garbage.Message, path);
    }

    [TestMethod]
    public void Bf16ParametersKeepStepsSmallerThanTheirPrecision()
    {
        // At 0.5 a bf16 step is 2^-8; Adam under a constant gradient moves by the learning rate (1e-4) a step, which bf16
        // alone rounds away every time. Through the fp32 master copy, 20 steps add up to 0.002.
        using var layer = nn.Linear(4, 4, hasBias: false);
        layer.to(ScalarType.BFloat16);
        using (no_grad())
        {
            layer.weight!.fill_(0.5);
        }

        using var flat = new FlatAdamW(layer.parameters(), 1e-4, weightDecay: 0);
        for (var step = 0; step < 20; step++)
        {
            layer.weight!.grad!.fill_(1);
            flat.Step();
        }

        var moved = layer.weight!.to(ScalarType.Float32);
        Assert.AreEqual(0.498, moved.max().item<float>(), 0.001);
        Assert.AreEqual(0.498, moved.min().item<float>(), 0.001);
    }

    [TestMethod]
    public void ABf16StateResumesWithItsMasterWeights()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "optimizer.bin");
        using var layer = nn.Linear(4, 4, hasBias: false);
        layer.to(ScalarType.BFloat16);
        using (no_grad())
        {
            layer.weight!.fill_(0.5);
        }

        using (var flat = new FlatAdamW(layer.parameters(), 1e-4, weightDecay: 0))
        {
            for (var step = 0; step < 5; step++)
            {
                layer.weight!.grad!.fill_(1);
                flat.Step();
            }

            flat.Save(path);
        }

        // The bf16 weights alone still read 0.5; the saved master copy holds the 5 steps taken.
        Assert.AreEqual(0.5f, layer.weight!.to(ScalarType.Float32).max().item<float>());
        using var resumed = new FlatAdamW(layer.parameters(), 1e-4, weightDecay: 0);
        resumed.Load(path);
        for (var step = 0; step < 15; step++)
        {
            layer.weight!.grad!.fill_(1);
            resumed.Step();
        }

        Assert.AreEqual(0.498, layer.weight!.to(ScalarType.Float32).max().item<float>(), 0.001);

        using var fp32 = nn.Linear(4, 4, hasBias: false);
        using var other = new FlatAdamW(fp32.parameters(), 1e-4);
        var refused = Assert.ThrowsExactly<InvalidDataException>(() => other.Load(path));
        StringAssert.Contains(refused.Message, "precision");
    }

    [TestMethod]
    public void ParametersOfMixedDtypesAreRefused()
    {
        using var a = nn.Linear(2, 2);
        using var b = nn.Linear(2, 2);
        b.to(ScalarType.Float64);
        Assert.ThrowsExactly<ArgumentException>(() => new FlatAdamW(a.parameters().Concat(b.parameters()), LearningRate));
    }

    private static Sequential Net(int seed)
    {
        manual_seed(seed);
        return nn.Sequential(("in", nn.Linear(6, 16)), ("act", nn.Tanh()), ("out", nn.Linear(16, 3)));
    }

    /// <summary>A loss that depends on the step, from inputs drawn independently of the nets' seeds.</summary>
    private static Tensor Loss(Sequential net, int step)
    {
        var generator = new TorchSharp.torch.Generator((ulong)(1000 + step));
        var input = randn([8, 6], generator: generator);
        var target = randn([8, 3], generator: generator);
        return nn.functional.mse_loss(net.forward(input), target);
    }

    private static void Train(Sequential net, FlatAdamW optimizer, int from, int to)
    {
        for (var step = from; step < to; step++)
        {
            optimizer.ZeroGrad();
            Loss(net, step).backward();
            optimizer.Step();
        }
    }
}
