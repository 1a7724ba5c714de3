using Verifier.Generator.Diffusion;
using static TorchSharp.torch;

namespace Verifier.Generator.Tests;

/// <summary>Spacetime patches, 3D positions and the transformer's shapes and adaLN-Zero start.</summary>
[TestClass]
public sealed class TransformerTests
{
    [TestMethod]
    public void PatchifyMatchesAPlainLoopAndUnpatchifyInvertsIt()
    {
        const int B = 2, C = 3, T = 4, H = 6, W = 8, pt = 2, p = 2;
        var values = Enumerable.Range(0, B * C * T * H * W).Select(i => (float)i).ToArray();
        using var latent = tensor(values, [B, C, T, H, W]);

        using var tokens = Patchify.ToTokens(latent, pt, p);
        using var back = Patchify.Unpatchify(tokens, C, (T / pt, H / p, W / p), pt, p);

        CollectionAssert.AreEqual(new long[] { B, (T / pt) * (H / p) * (W / p), C * pt * p * p }, tokens.shape);
        var got = tokens.data<float>().ToArray();
        var features = C * pt * p * p;
        for (int b = 0; b < B; b++)
        for (int c = 0; c < C; c++)
        for (int t = 0; t < T; t++)
        for (int h = 0; h < H; h++)
        for (int w = 0; w < W; w++)
        {
            var token = (((t / pt) * (H / p)) + (h / p)) * (W / p) + (w / p);
            var feature = (((c * pt) + (t % pt)) * p + (h % p)) * p + (w % p);
            var expected = values[(((((b * C) + c) * T + t) * H) + h) * W + w];
            Assert.AreEqual(expected, got[(((long)b * tokens.shape[1]) + token) * features + feature]);
        }

        Assert.IsTrue(back.allclose(latent, rtol: 0, atol: 0));
    }

    [TestMethod]
    public void PositionsAreSinCosOfEachAxis()
    {
        using var table = PositionalEncoding3d.Create(2, 3, 4, 12);   // 4 dims per axis: sin, sin, cos, cos
        var v = table.data<float>().ToArray();

        // Token (t=1, h=2, w=3) is 1*12 + 2*4 + 3 = 23; frequencies 1 and 1/100 for a 4-dim axis.
        var row = v.AsSpan(23 * 12, 12);
        float[] expected =
        [
            MathF.Sin(1), MathF.Sin(0.01f), MathF.Cos(1), MathF.Cos(0.01f),
            MathF.Sin(2), MathF.Sin(0.02f), MathF.Cos(2), MathF.Cos(0.02f),
            MathF.Sin(3), MathF.Sin(0.03f), MathF.Cos(3), MathF.Cos(0.03f),
        ];
        for (var i = 0; i < 12; i++)
        {
            Assert.AreEqual(expected[i], row[i], 1e-6, $"dim {i}");
        }
    }

    [TestMethod]
    public void DimsPastThreeAxesAreZero()
    {
        using var table = PositionalEncoding3d.Create(1, 2, 2, 14);   // 4 dims per axis, 2 left over
        var v = table.data<float>().ToArray();

        for (var token = 0; token < 4; token++)
        {
            Assert.AreEqual(0f, v[(token * 14) + 12]);
            Assert.AreEqual(0f, v[(token * 14) + 13]);
            Assert.AreEqual(MathF.Cos(token % 2), v[(token * 14) + 10], 1e-6, $"token {token}: w = {token % 2}");
        }
    }

    [TestMethod]
    public void AnotherGridAfterTheFirstGetsItsOwnPositions()
    {
        // Random weights everywhere (adaLN-Zero would otherwise give zeros whatever the positions).
        manual_seed(8);
        var config = GeneratorConfig.Tiny;
        using var used = new DiffusionTransformer(config);
        using var fresh = new DiffusionTransformer(config);
        using (no_grad())
        {
            foreach (var (a, b) in used.parameters().Zip(fresh.parameters()))
            {
                a.copy_(randn_like(a) * 0.2);
                b.copy_(a);
            }
        }

        using var first = randn([1, config.LatentChannels, 2, 4, 4]);
        using var second = randn([1, config.LatentChannels, 1, 6, 2]);
        using var time = tensor(new[] { 0.3f });
        using var label = tensor(new long[] { 1 });
        using (used.forward(first, time, label, FirstFrameCondition.None(first)))
        {
        }

        using var afterFirst = used.forward(second, time, label, FirstFrameCondition.None(second));
        using var alone = fresh.forward(second, time, label, FirstFrameCondition.None(second));
        using var again = used.forward(second, time, label, FirstFrameCondition.None(second));

        Assert.IsTrue(afterFirst.abs().max().item<float>() > 0);
        Assert.IsTrue(afterFirst.allclose(alone, rtol: 0, atol: 0));
        Assert.IsTrue(again.allclose(alone, rtol: 0, atol: 0));
    }

    [TestMethod]
    public void TheTransformerPredictsAVelocityOfTheLatentsShapeAndStartsAtZero()
    {
        manual_seed(4);
        var config = GeneratorConfig.Tiny;
        using var transformer = new DiffusionTransformer(config);
        using var noisy = randn([2, config.LatentChannels, 2, 4, 4]);

        using var velocity = transformer.forward(noisy, rand([2]), tensor(new long[] { 0, transformer.NullLabel }), FirstFrameCondition.None(noisy));

        CollectionAssert.AreEqual(noisy.shape, velocity.shape);

        // adaLN-Zero: the final layer is zero-initialised, so an untrained transformer predicts no motion at all.
        Assert.AreEqual(0.0, velocity.abs().max().item<float>());
    }

    [TestMethod]
    public void TheFirstFrameConditionHoldsLatentFrameZeroAndAMaskOnlyWhereGiven()
    {
        using var first = full([2, 4, 1, 2, 2], 3f);

        using var condition = FirstFrameCondition.From(first, tensor(new[] { true, false }), frames: 3);

        CollectionAssert.AreEqual(new long[] { 2, 5, 3, 2, 2 }, condition.shape);
        Assert.AreEqual(3f * 4 * 4 + 4, condition[0].sum().item<float>(), "sample 0: 16 latent values of 3 plus a 2x2 mask of ones");
        Assert.AreEqual(0f, condition[1].abs().sum().item<float>(), "sample 1 has no first frame");
        Assert.AreEqual(0f, condition[0].narrow(1, 1, 2).abs().sum().item<float>(), "later frames are empty");
    }
}
