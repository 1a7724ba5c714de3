using Verifier.Detector.Model;
using Verifier.Detector.Scoring;
using Verifier.Detector.Training.Export;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Tests.Support;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Tests.Net;

/// <summary>
/// The one net definition computes the same logits in TorchSharp and, exported, in ONNX Runtime (through the
/// scanner's own DetectorModel), including batch norm with non-trivial running statistics folded at export.
/// </summary>
[TestClass]
public sealed class DetectorNetParityTests
{
    [TestMethod]
    public void TinyNetMatchesOnnxRuntimeWithin1e4()
    {
        AssertParity(DetectorNetOptions.Tiny(16), batch: 5, seed: 3);
    }

    [TestMethod]
    public void DefaultSizeNetHasOneToFiveMillionParametersAndMatchesOnnxRuntime()
    {
        var options = new DetectorNetOptions();
        var parameters = AssertParity(options, batch: 2, seed: 11);
        Assert.IsInRange(1_000_000L, 5_000_000L, parameters);
    }

    [TestMethod]
    public void FixedFiltersAreBuffersThatMoveAndSaveWithTheNetButAreNotTrained()
    {
        using var net = new DetectorNet(DetectorNetOptions.Tiny(16));
        var buffers = net.named_buffers().Select(b => b.name).ToArray();

        Assert.IsTrue(buffers.Any(name => name.EndsWith("srm", StringComparison.Ordinal)), string.Join(", ", buffers));
        Assert.IsTrue(buffers.Any(name => name.EndsWith("basis", StringComparison.Ordinal)), string.Join(", ", buffers));
        Assert.IsFalse(net.named_parameters().Any(p => p.name.EndsWith("srm", StringComparison.Ordinal) || p.name.EndsWith("basis", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void OptionsThatTheStagesOrSpectrumCannotTileAreRefused()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new DetectorNet(DetectorNetOptions.Tiny(12)));
        StringAssert.Contains(error.Message, "TileSize");
    }

    [TestMethod]
    public void ExportRefusesACardThatDescribesAnotherInput()
    {
        using var net = new DetectorNet(DetectorNetOptions.Tiny(16));
        using var temp = new TempFolder();
        var error = Assert.ThrowsExactly<ArgumentException>(() => DetectorExport.Save(net, Card(32), temp.File("m.onnx")));
        StringAssert.Contains(error.Message, "32");
        Assert.IsFalse(File.Exists(temp.File("m.onnx")));
    }

    private static long AssertParity(DetectorNetOptions options, int batch, int seed)
    {
        manual_seed(seed);
        using var net = new DetectorNet(options);
        var tile = options.TileSize;

        // A few training-mode passes move the batch-norm running statistics away from 0 / 1, so folding is really tested.
        net.train();
        using (no_grad())
        {
            for (var i = 0; i < 3; i++)
            {
                using var warm = randn(8, 3, tile, tile) * 0.7 + 0.2;
                using var ignored = net.forward(warm);
            }
        }

        net.eval();
        // Each sample at its own contrast, so the untrained net's logits differ by far more than the tolerance.
        using var contrast = arange(1, batch + 1, ScalarType.Float32).reshape(batch, 1, 1, 1);
        using var input = randn(batch, 3, tile, tile) * contrast;
        float[] expected;
        using (no_grad())
        using (var logits = net.forward(input))
        {
            CollectionAssert.AreEqual(new long[] { batch, 1 }, logits.shape);
            expected = logits.data<float>().ToArray();
        }

        using var temp = new TempFolder();
        var path = temp.File("tiny.onnx");
        DetectorExport.Save(net, Card(tile), path);
        Assert.IsFalse(net.training, "export restores the eval state it found");
        using var model = DetectorModel.Load(path);
        var scores = model.Score(input.data<float>().ToArray());

        Assert.HasCount(batch, scores);
        var spread = expected.Max() - expected.Min();
        Assert.IsGreaterThan(1e-3f, spread, "the samples should not all get the same logit (a dead net would pass trivially)");
        for (var i = 0; i < batch; i++)
        {
            Assert.AreEqual(expected[i], scores[i].Logit, 1e-4, $"sample {i}");
        }

        return net.ParameterCount;
    }

    private static ModelCard Card(int tile) => new(
        "parity-test", "0.0.1", ModelCard.LayoutNchw, 3, tile, 1,
        new Normalisation([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]),
        new Calibration(1.0), new DecisionThresholds(0.3, 0.7), [], []);
}
