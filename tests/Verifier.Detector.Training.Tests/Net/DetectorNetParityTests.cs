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
    public void TinyTemporalNetMatchesOnnxRuntimeWithin1e4()
    {
        AssertParity(DetectorNetOptions.Tiny(16, frames: 4), batch: 5, seed: 4);
    }

    [TestMethod]
    public void DefaultSizeTemporalNetAddsAFewPercentOfParametersAndMatchesOnnxRuntime()
    {
        var oneFrame = new DetectorNetOptions();
        var parameters = AssertParity(oneFrame with { Frames = 4 }, batch: 2, seed: 12);
        using var reference = new DetectorNet(oneFrame);
        // The motion branch (3 stride-2 stages of 32, 64, 128 channels) and the wider head input, and nothing else.
        Assert.IsInRange(reference.ParameterCount + 50_000, (long)(reference.ParameterCount * 1.10), parameters);
    }

    [TestMethod]
    public void OnlyTheMotionBranchSeesFrameOrder()
    {
        // The per-frame branches are averaged over time, so reordering frames leaves them unchanged; any change in the
        // logit comes from the differences of consecutive frames.
        manual_seed(5);
        using var net = new DetectorNet(DetectorNetOptions.Tiny(16, frames: 4));
        net.eval();
        using var frames = randn([2, 3, 4, 16, 16]);
        using var order = tensor(new long[] { 0, 2, 1, 3 });
        using var shuffled = frames.index_select(2, order);
        using var noGrad = no_grad();
        using var original = net.forward(frames);
        using var reordered = net.forward(shuffled);

        CollectionAssert.AreEqual(new long[] { 2, 1 }, original.shape);
        using var gap = (original - reordered).abs().max();
        Assert.IsGreaterThan(1e-4f, gap.item<float>(), "reordering the frames must change the logit");
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
        long[] shape = options.Frames == 1 ? [3, tile, tile] : [3, options.Frames, tile, tile];

        // A few training-mode passes move the batch-norm running statistics away from 0 / 1, so folding is really tested.
        net.train();
        using (no_grad())
        {
            for (var i = 0; i < 3; i++)
            {
                using var warm = randn([8, .. shape]) * 0.7 + 0.2;
                using var ignored = net.forward(warm);
            }
        }

        net.eval();
        // Each sample at its own contrast, so the untrained net's logits differ by far more than the tolerance.
        using var contrast = arange(1, batch + 1, ScalarType.Float32).reshape([batch, .. shape.Select(_ => 1L)]);
        using var input = randn([batch, .. shape]) * contrast;
        float[] expected;
        using (no_grad())
        using (var logits = net.forward(input))
        {
            CollectionAssert.AreEqual(new long[] { batch, 1 }, logits.shape);
            expected = logits.data<float>().ToArray();
        }

        using var temp = new TempFolder();
        var path = temp.File("tiny.onnx");
        DetectorExport.Save(net, Card(tile, options.Frames), path);
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

    internal static ModelCard Card(int tile, int frames = 1) => new(
        "parity-test", "0.0.1", frames == 1 ? ModelCard.LayoutNchw : ModelCard.LayoutNcthw, 3, tile, frames,
        new Normalisation([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]),
        new Calibration(1.0), new DecisionThresholds(0.3, 0.7), [], []);
}
