using Verifier.Detector.Scoring;
using Verifier.Detector.Training.Export;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Net.Pretrained;
using Verifier.Detector.Training.Robustness;
using Verifier.Detector.Training.Tests.Support;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Tests.Net;

/// <summary>
/// The pretrained MobileNetV2 backbone computes what TensorFlow.js computes with the same weights, stays frozen in
/// training, and exports to ONNX (and back, for the twin) like the rest of the net.
/// </summary>
[TestClass]
public sealed class MobileNetV2BackboneTests
{
    // Per-channel spatial means and root mean squares (of x^2 + 1e-6) of the four tapped outputs for the 224x224
    // pattern below, from TensorFlow.js 4.22 (tfjs-layers, CPU backend) running models/backbones/mobilenet-v2 as a
    // layers model: the first four channels and the sum of all, for each statistic.
    private static readonly (string Layer, float[] MeanFirst, double MeanSum, float[] RmsFirst, double RmsSum)[] TensorFlowJs =
    [
        ("block_2_add", [1.2158199548721313f, -3.6154229640960693f, 1.92606520652771f, 2.379302740097046f], -5.200257301330566, [7.169641971588135f, 6.212496280670166f, 7.192073822021484f, 7.025328636169434f], 236.03734970092773),
        ("block_5_add", [-3.8363537788391113f, -7.655021667480469f, -7.304671287536621f, 5.384730815887451f], 1.2398101091384888, [5.575785160064697f, 9.183009147644043f, 10.342456817626953f, 7.887085914611816f], 328.8883080482483),
        ("block_9_add", [6.734156131744385f, -0.07679752260446548f, -1.9186499118804932f, -7.529221534729004f], 57.023844204843044, [7.200943946838379f, 4.0540995597839355f, 3.3680880069732666f, 8.210949897766113f], 432.60029888153076),
        ("block_12_add", [0.5798927545547485f, -1.5900284051895142f, -0.03284692019224167f, 1.2496744394302368f], -18.06117550097406, [2.030306816101074f, 2.87601375579834f, 2.067842483520508f, 2.8046252727508545f], 319.4818969964981),
    ];

    [TestMethod]
    public void FeaturesMatchTensorFlowJsOnTheSameWeights()
    {
        using var backbone = new MobileNetV2Backbone(ShippedBackbone.Weights);
        const int size = 224;
        var pattern = new float[3 * size * size];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    // Keras's input in [-1, 1]; the backbone reads normalised tiles, (v - 0.5) / 0.25 = 2 x (2v - 1).
                    var keras = (((y * 7) + (x * 13) + (c * 29) + (y * x)) % 255 / 255f * 2) - 1;
                    pattern[(((c * size) + y) * size) + x] = 2 * keras;
                }
            }
        }

        using var input = tensor(pattern, [1, 3, size, size]);
        using var noGrad = no_grad();
        using var features = backbone.forward(input);
        var values = features.data<float>().ToArray();

        Assert.HasCount(MobileNetV2Backbone.Features, values);
        var offset = 0;
        foreach (var ((layer, meanFirst, meanSum, rmsFirst, rmsSum), width) in TensorFlowJs.Zip(MobileNetV2Backbone.TapWidths))
        {
            foreach (var (statistic, first, sum) in new[] { ("mean", meanFirst, meanSum), ("rms", rmsFirst, rmsSum) })
            {
                for (var i = 0; i < first.Length; i++)
                {
                    Assert.AreEqual(first[i], values[offset + i], 2e-3 * Math.Max(1, Math.Abs(first[i])), $"{layer} {statistic} channel {i}");
                }

                Assert.AreEqual(sum, values.Skip(offset).Take(width).Sum(v => (double)v), 2e-3 * width, $"{layer} {statistic} sum");
                offset += width;
            }
        }

        Assert.AreEqual(values.Length, offset);
    }

    [TestMethod]
    public void AProbeOnTheBackboneTrainsOnlyItsHeadAndMatchesOnnxRuntime()
    {
        var options = new DetectorNetOptions { TileSize = 64, Backbone = MobileNetV2Backbone.Name, BackboneOnly = true, BackboneFolder = ShippedBackbone.Folder };
        manual_seed(7);
        using var net = new DetectorNet(options);

        // Only the head (432 -> 128 -> 1) is trainable; the backbone's 0.5 M weights (blocks 0-12) are buffers.
        Assert.AreEqual((MobileNetV2Backbone.Features * 128) + 128 + 128 + 1, net.ParameterCount);
        Assert.IsGreaterThan(500_000L, net.buffers().Sum(b => b.numel()));
        AssertOnnxParity(net, 64, seed: 8);
    }

    [TestMethod]
    public void TheBackboneBesideTheTrainedBranchesMatchesOnnxRuntimeAndComesBackAsTheTwin()
    {
        var options = DetectorNetOptions.Tiny(32) with { Backbone = MobileNetV2Backbone.Name, BackboneFolder = ShippedBackbone.Folder };
        manual_seed(9);
        using var net = new DetectorNet(options);
        using var temp = new TempFolder();
        var path = AssertOnnxParity(net, 32, seed: 10, temp);

        // The twin rebuilds the layout from the model alone (no weights folder) and computes the same logits.
        using var twin = DetectorTwin.Load(path);
        Assert.AreEqual(MobileNetV2Backbone.Name, twin.Net.Options.Backbone);
        Assert.IsFalse(twin.Net.Options.BackboneOnly);
        manual_seed(11);
        using var pixels = rand([3, 3, 32, 32]);
        using var normalised = (pixels - 0.5) / 0.25;
        using var noGrad = no_grad();
        using var expected = net.forward(normalised);
        using var actual = twin.Logits(pixels);
        using var gap = (expected.reshape(-1) - actual).abs().max();
        Assert.IsLessThan(1e-4f, gap.item<float>());
    }

    [TestMethod]
    public void TilesTheBackboneCannotTakeAreRefused()
    {
        var options = new DetectorNetOptions { TileSize = 40, StageWidths = [8, 8], Backbone = MobileNetV2Backbone.Name };
        StringAssert.Contains(options.FindProblem(), "multiple of 16");
        StringAssert.Contains((new DetectorNetOptions { BackboneOnly = true }).FindProblem(), "needs a Backbone");
        StringAssert.Contains((new DetectorNetOptions { Backbone = "resnet-50" }).FindProblem(), "resnet-50");
    }

    private static string AssertOnnxParity(DetectorNet net, int tile, int seed, TempFolder? folder = null)
    {
        net.eval();
        manual_seed(seed);
        using var input = randn([4, 3, tile, tile]) * 1.5;
        float[] expected;
        using (no_grad())
        using (var logits = net.forward(input))
        {
            expected = logits.data<float>().ToArray();
        }

        var temp = folder ?? new TempFolder();
        try
        {
            var path = temp.File("backbone.onnx");
            DetectorExport.Save(net, DetectorNetParityTests.Card(tile), path);
            using var model = DetectorModel.Load(path);
            var scores = model.Score(input.data<float>().ToArray());
            Assert.IsGreaterThan(1e-3f, expected.Max() - expected.Min(), "the samples should not all get the same logit");
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], scores[i].Logit, 1e-4, $"sample {i}");
            }

            return path;
        }
        finally
        {
            if (folder is null)
            {
                temp.Dispose();
            }
        }
    }
}
