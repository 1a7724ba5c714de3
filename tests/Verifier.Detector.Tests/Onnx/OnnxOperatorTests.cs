using Microsoft.ML.OnnxRuntime;
using Verifier.Detector.Onnx;
using Verifier.Detector.Tests.Support;

namespace Verifier.Detector.Tests.Onnx;

/// <summary>The operators the detector net adds (Slice, nearest upsampling, Softmax, ReduceSum, Abs, Log) against hand-computed values.</summary>
[TestClass]
public sealed class OnnxOperatorTests
{
    [TestMethod]
    public void StridedSliceThenNearestUpsampleGivesTheNprResidual()
    {
        var g = new OnnxGraphBuilder("npr");
        var x = g.AddInput("x", OnnxGraphBuilder.Dynamic, 1, 4, 4);
        var down = g.Slice(x, starts: [0, 0], ends: [long.MaxValue, long.MaxValue], axes: [2, 3], steps: [2, 2]);
        g.AddOutput("r", g.Sub(x, g.UpsampleNearest(down, 2)), OnnxGraphBuilder.Dynamic, 1, 4, 4);

        var input = Enumerable.Range(0, 16).Select(i => (float)(i * i % 7)).ToArray();
        using var session = new InferenceSession(g.ToBytes());
        var actual = OnnxRun.Floats(session, input, [1, 1, 4, 4]);

        // Every pixel minus the top-left pixel of its 2x2 block.
        var expected = new float[16];
        for (var r = 0; r < 4; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                expected[r * 4 + c] = input[r * 4 + c] - input[(r & ~1) * 4 + (c & ~1)];
            }
        }

        Reference.AssertClose(expected, actual);
    }

    [TestMethod]
    public void SoftmaxWeightedSumAndLogOfAbsMatchHandComputedValues()
    {
        var g = new OnnxGraphBuilder("pool");
        var x = g.AddInput("x", OnnxGraphBuilder.Dynamic, 2, 3);
        var weights = g.Softmax(x, axis: 2);
        var pooled = g.ReduceSum(g.Mul(weights, x), [2], keepDims: false);            // [N, 2]
        var logAbs = g.Log(g.Abs(pooled));
        g.AddOutput("y", logAbs, OnnxGraphBuilder.Dynamic, 2);

        float[] input = [1f, -2f, 0.5f, -3f, -1f, -0.25f];
        using var session = new InferenceSession(g.ToBytes());
        var actual = OnnxRun.Floats(session, input, [1, 2, 3]);

        var expected = new float[2];
        for (var row = 0; row < 2; row++)
        {
            var values = input.AsSpan(row * 3, 3).ToArray();
            var total = values.Sum(v => Math.Exp(v));
            var sum = values.Sum(v => Math.Exp(v) / total * v);
            expected[row] = (float)Math.Log(Math.Abs(sum));
        }

        Reference.AssertClose(expected, actual);
    }
}
