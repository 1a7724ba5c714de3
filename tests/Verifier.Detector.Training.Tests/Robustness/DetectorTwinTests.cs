using Verifier.Detector.Model;
using Verifier.Detector.Scoring;
using Verifier.Detector.Training.Export;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Net.Pretrained;
using Verifier.Detector.Training.Robustness;
using Verifier.Detector.Training.Tests.Support;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Tests.Robustness;

/// <summary>
/// The TorchSharp twin of an exported detector computes what ONNX Runtime computes (through the scanner's DetectorModel,
/// from the same pixels and the card's normalisation), for a freshly exported net with folded batch norm and for the
/// shipped model; it rebuilds the net's layout from the file alone and refuses files it cannot rebuild.
/// </summary>
[TestClass]
public sealed class DetectorTwinTests
{
    [TestMethod]
    public void TwinOfAnExportedNetWithFoldedBatchNormMatchesOnnxRuntime()
    {
        var options = DetectorNetOptions.Tiny(32) with { StageWidths = [4, 6, 8], ConvsPerStage = 2 };
        using var temp = new TempFolder();
        var path = temp.File("tiny.onnx");
        manual_seed(7);
        using (var net = new DetectorNet(options))
        {
            // Training-mode passes move the running statistics off 0 / 1, so the fold (and its undoing) is really tested.
            net.train();
            using (no_grad())
            {
                for (var i = 0; i < 3; i++)
                {
                    using var warm = randn(8, 3, 32, 32) * 0.8 + 0.3;
                    using var ignored = net.forward(warm);
                }
            }

            DetectorExport.Save(net, Card(32), path);
        }

        using var twin = DetectorTwin.Load(path);
        Assert.AreEqual(options.TileSize, twin.Net.Options.TileSize);
        CollectionAssert.AreEqual(options.StageWidths.ToArray(), twin.Net.Options.StageWidths.ToArray());
        Assert.AreEqual(options.ConvsPerStage, twin.Net.Options.ConvsPerStage);
        Assert.AreEqual(options.SpectrumWidth, twin.Net.Options.SpectrumWidth);
        Assert.AreEqual(options.HeadWidth, twin.Net.Options.HeadWidth);
        AssertParity(twin, path, batch: 6, seed: 1);
    }

    [TestMethod]
    public void TwinOfTheShippedModelMatchesOnnxRuntimeWithin1e4()
    {
        using var twin = DetectorTwin.Load(ShippedDetector.Path);

        // The shipped model is a probe: a trained head on the frozen MobileNetV2 (blocks 0-12), whose 0.5 M weights come back as buffers.
        Assert.AreEqual(MobileNetV2Backbone.Name, twin.Net.Options.Backbone);
        Assert.IsTrue(twin.Net.Options.BackboneOnly);
        Assert.IsGreaterThan(500_000L, twin.Net.buffers().Sum(b => b.numel()));
        AssertParity(twin, ShippedDetector.Path, batch: 4, seed: 2);
    }

    [TestMethod]
    public void AFileThatIsNotAnExportedDetectorNetIsRefusedByName()
    {
        using var temp = new TempFolder();
        var path = temp.File("other.onnx");
        // A valid ONNX model (one Relu) with a valid card, but no detector weights.
        var g = new Verifier.Detector.Onnx.OnnxGraphBuilder("other");
        var input = g.AddInput("tiles", Verifier.Detector.Onnx.OnnxGraphBuilder.Dynamic, 3, 16, 16);
        g.AddOutput("logit", g.Relu(input), Verifier.Detector.Onnx.OnnxGraphBuilder.Dynamic, 3, 16, 16);
        g.Save(path);
        Card(16).Save(ModelCard.PathFor(path));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => DetectorTwin.Load(path));
        StringAssert.Contains(error.Message, path);

        File.WriteAllBytes(path, [0x08, 0xFF, 0xFF]);
        error = Assert.ThrowsExactly<InvalidDataException>(() => DetectorTwin.Load(path));
        StringAssert.Contains(error.Message, path);
    }

    private static void AssertParity(DetectorTwin twin, string modelPath, int batch, int seed)
    {
        var tile = twin.Card.TileSize;
        manual_seed(seed);
        // Random pixels, each tile at its own contrast around mid-grey so the logits spread.
        using var contrast = linspace(0.1, 0.5, batch).reshape(batch, 1, 1, 1);
        using var pixels = ((rand(batch, 3, tile, tile) - 0.5) * contrast * 2 + 0.5).clamp(0, 1);
        float[] expectedFromTwin;
        using (no_grad())
        using (var logits = twin.Logits(pixels))
        {
            expectedFromTwin = logits.data<float>().ToArray();
        }

        var samples = pixels.data<float>().ToArray();
        twin.Card.Normalise(samples);
        using var model = DetectorModel.Load(modelPath);
        var scores = model.Score(samples);

        Assert.IsGreaterThan(1e-3f, expectedFromTwin.Max() - expectedFromTwin.Min(), "the tiles should not all get one logit");
        for (var i = 0; i < batch; i++)
        {
            Assert.AreEqual(scores[i].Logit, expectedFromTwin[i], 1e-4, $"tile {i}");
        }
    }

    private static ModelCard Card(int tile) => new(
        "twin-test", "0.0.1", ModelCard.LayoutNchw, 3, tile, 1, new Normalisation([0.5f, 0.4f, 0.6f], [0.25f, 0.2f, 0.3f]),
        new Calibration(1.0), new DecisionThresholds(0.3, 0.7), [], []);
}
