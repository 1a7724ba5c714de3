using Microsoft.ML.OnnxRuntime;
using Verifier.Detector.Onnx;
using Verifier.Detector.Onnx.Proto;
using Verifier.Detector.Tests.Support;

namespace Verifier.Detector.Tests.Onnx;

/// <summary>Models built by the writer load in ONNX Runtime and compute what plain C# loops compute.</summary>
[TestClass]
public sealed class OnnxGraphBuilderTests
{
    private const int InChannels = 2;
    private const int OutChannels = 3;
    private const int Size = 6;

    [TestMethod]
    public void SmallCnnMatchesHandComputedForwardPassAtEveryBatchSize()
    {
        var random = new Random(17);
        var convWeight = Reference.RandomFloats(random, OutChannels * InChannels * 3 * 3);
        var convBias = Reference.RandomFloats(random, OutChannels);
        var fcWeight = Reference.RandomFloats(random, OutChannels);
        var fcBias = Reference.RandomFloats(random, 1);

        var g = new OnnxGraphBuilder("small-cnn");
        var x = g.AddInput("x", OnnxGraphBuilder.Dynamic, InChannels, Size, Size);
        var conv = g.Conv(x, g.AddInitializer("conv.w", convWeight, OutChannels, InChannels, 3, 3), g.AddInitializer("conv.b", convBias, OutChannels), padding: 1);
        var pooled = g.GlobalAveragePool(g.MaxPool(g.Relu(conv), kernel: 2, stride: 2));
        var fc = g.Gemm(g.Flatten(pooled), g.AddInitializer("fc.w", fcWeight, 1, OutChannels), g.AddInitializer("fc.b", fcBias, 1), transB: true);
        g.AddOutput("p", g.Sigmoid(fc), OnnxGraphBuilder.Dynamic, 1);

        using var session = new InferenceSession(g.ToBytes());
        foreach (var batch in new[] { 1, 3 })
        {
            var input = Reference.RandomFloats(random, batch * InChannels * Size * Size, scale: 2);
            var actual = OnnxRun.Floats(session, input, [batch, InChannels, Size, Size]);
            var expected = new float[batch];
            for (var n = 0; n < batch; n++)
            {
                expected[n] = (float)SmallCnn(input.AsSpan(n * InChannels * Size * Size, InChannels * Size * Size), convWeight, convBias, fcWeight, fcBias[0]);
            }

            Reference.AssertClose(expected, actual);
        }
    }

    [TestMethod]
    public void ElementwiseConcatReshapeAndReduceMeanMatchHandComputedValues()
    {
        float[] c = [0.5f, -1.25f, 2f, 3.5f];
        var g = new OnnxGraphBuilder("elementwise");
        var x = g.AddInput("x", OnnxGraphBuilder.Dynamic, 4);
        var constant = g.AddInitializer("c", c, 4);
        var s = g.Sub(g.Mul(g.Add(x, constant), x), constant);   // (x + c) * x - c
        var joined = g.Concat(1, s, x);                           // [N, 8]
        var grouped = g.Reshape(joined, 0, 2, 4);                 // [N, 2, 4]: row 0 = s, row 1 = x
        g.AddOutput("mean", g.ReduceMean(grouped, [2], keepDims: false), OnnxGraphBuilder.Dynamic, 2);

        float[] input = [1f, 2f, -3f, 0.25f, -0.5f, 4f, 1.5f, -2f];
        using var session = new InferenceSession(g.ToBytes());
        var actual = OnnxRun.Floats(session, input, [2, 4]);

        var expected = new float[4];
        for (var n = 0; n < 2; n++)
        {
            double sumS = 0, sumX = 0;
            for (var i = 0; i < 4; i++)
            {
                var v = input[n * 4 + i];
                sumS += (v + c[i]) * v - c[i];
                sumX += v;
            }

            expected[n * 2] = (float)(sumS / 4);
            expected[n * 2 + 1] = (float)(sumX / 4);
        }

        Reference.AssertClose(expected, actual);
    }

    [TestMethod]
    public void TransposeMovesEachElementToItsPermutedIndex()
    {
        // [N, 2, 3, 4] -> perm (0, 2, 1, 3) -> [N, 3, 2, 4]: the fold of a clip's time axis in front of its channels.
        var g = new OnnxGraphBuilder("transpose");
        var x = g.AddInput("x", OnnxGraphBuilder.Dynamic, 2, 3, 4);
        g.AddOutput("y", g.Transpose(x, 0, 2, 1, 3), OnnxGraphBuilder.Dynamic, 3, 2, 4);

        var input = Enumerable.Range(0, 2 * 24).Select(i => (float)i).ToArray();
        using var session = new InferenceSession(g.ToBytes());
        var actual = OnnxRun.Floats(session, input, [2, 2, 3, 4]);

        var expected = new float[input.Length];
        for (var n = 0; n < 2; n++)
        {
            for (var a = 0; a < 2; a++)
            {
                for (var b = 0; b < 3; b++)
                {
                    for (var c = 0; c < 4; c++)
                    {
                        expected[(((n * 3) + b) * 2 + a) * 4 + c] = input[(((n * 2) + a) * 3 + b) * 4 + c];
                    }
                }
            }
        }

        CollectionAssert.AreEqual(expected, actual);
    }

    [TestMethod]
    public void ModelDeclaresIr8Opset17RawWeightsAndASymbolicBatch()
    {
        var g = new OnnxGraphBuilder("header");
        var x = g.AddInput("x", OnnxGraphBuilder.Dynamic, 3);
        g.AddOutput("y", g.Mul(x, g.AddInitializer("w", [1f, 2f, 3f], 3)), OnnxGraphBuilder.Dynamic, 3);

        var model = ModelProto.Parser.ParseFrom(g.ToBytes());

        Assert.AreEqual(8L, model.IrVersion);
        Assert.AreEqual(17L, model.OpsetImport.Single(o => o.Domain == string.Empty).Version);
        var weight = model.Graph.Initializer.Single();
        Assert.AreEqual(12, weight.RawData.Length, "3 floats as raw little-endian bytes");
        Assert.AreEqual(0, weight.FloatData.Count);
        Assert.AreEqual(2f, BitConverter.ToSingle(weight.RawData.Span[4..8]));
        Assert.AreEqual("N", model.Graph.Input.Single().Type.TensorType.Shape.Dim[0].DimParam);
        Assert.AreEqual(3L, model.Graph.Input.Single().Type.TensorType.Shape.Dim[1].DimValue);
    }

    [TestMethod]
    public void MisuseIsRejectedWhenTheGraphIsBuilt()
    {
        var g = new OnnxGraphBuilder("misuse");
        var x = g.AddInput("x", OnnxGraphBuilder.Dynamic, 4);

        var shape = Assert.ThrowsExactly<ArgumentException>(() => g.AddInitializer("w", [1f, 2f, 3f], 2, 2));
        StringAssert.Contains(shape.Message, "'w'");
        var duplicate = Assert.ThrowsExactly<ArgumentException>(() => g.AddInput("x", 1));
        StringAssert.Contains(duplicate.Message, "'x'");
        var unknown = Assert.ThrowsExactly<ArgumentException>(() => g.Relu("nope"));
        StringAssert.Contains(unknown.Message, "'nope'");
        Assert.ThrowsExactly<ArgumentException>(() => g.AddOutput("y", x, 0));
        Assert.ThrowsExactly<InvalidOperationException>(() => new OnnxGraphBuilder("no-output").ToBytes());
    }

    /// <summary>conv 3x3 pad 1 -> relu -> maxpool 2/2 -> global mean -> linear -> sigmoid, one sample.</summary>
    private static double SmallCnn(ReadOnlySpan<float> x, float[] w, float[] b, float[] fcW, float fcB)
    {
        var half = Size / 2;
        double logit = fcB;
        for (var o = 0; o < OutChannels; o++)
        {
            var activated = new double[Size, Size];
            for (var r = 0; r < Size; r++)
            {
                for (var c = 0; c < Size; c++)
                {
                    double sum = b[o];
                    for (var i = 0; i < InChannels; i++)
                    {
                        for (var kr = 0; kr < 3; kr++)
                        {
                            for (var kc = 0; kc < 3; kc++)
                            {
                                int rr = r + kr - 1, cc = c + kc - 1;
                                if (rr is >= 0 and < Size && cc is >= 0 and < Size)
                                {
                                    sum += w[((o * InChannels + i) * 3 + kr) * 3 + kc] * x[(i * Size + rr) * Size + cc];
                                }
                            }
                        }
                    }

                    activated[r, c] = Math.Max(0, sum);
                }
            }

            double pooledSum = 0;
            for (var r = 0; r < half; r++)
            {
                for (var c = 0; c < half; c++)
                {
                    pooledSum += Math.Max(Math.Max(activated[2 * r, 2 * c], activated[2 * r, 2 * c + 1]),
                        Math.Max(activated[2 * r + 1, 2 * c], activated[2 * r + 1, 2 * c + 1]));
                }
            }

            logit += fcW[o] * (pooledSum / (half * half));
        }

        return Reference.Sigmoid(logit);
    }
}
