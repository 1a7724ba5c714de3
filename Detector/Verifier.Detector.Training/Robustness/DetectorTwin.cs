using Verifier.Detector.Model;
using Verifier.Detector.Onnx;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Net.Pretrained;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Robustness;

/// <summary>
/// The TorchSharp twin of an exported detector (NAME.onnx + card): a <see cref="DetectorNet"/> of the same layout holding
/// the ONNX weights (batch norm as the identity plus the folded bias), in eval mode, frozen. It computes the same logits
/// as ONNX Runtime and, unlike it, gradients with respect to the pixels: what white-box attacks need. Its input is
/// pixels in [0, 1]; the card's normalisation is applied inside, as the scanner applies it.
/// </summary>
public sealed class DetectorTwin : IDisposable
{
    private readonly PixelNormalisation normalisation;

    private DetectorTwin(DetectorNet net, ModelCard card)
    {
        Net = net;
        Card = card;
        normalisation = new PixelNormalisation(card.Normalisation);
    }

    public DetectorNet Net { get; }

    public ModelCard Card { get; }

    /// <summary>
    /// Loads <paramref name="modelPath"/> and its card. The net's layout comes from the model itself (stage widths and
    /// strides from its convolutions, branch widths from its dense layers, the tile from the card); a model this net
    /// did not write is refused with <see cref="InvalidDataException"/> naming it.
    /// </summary>
    public static DetectorTwin Load(string modelPath)
    {
        var card = ModelCard.Load(ModelCard.PathFor(modelPath));
        if (card.InputLayout != ModelCard.LayoutNchw || card.Channels != ArtifactStem.InputChannels)
        {
            throw new InvalidDataException($"{modelPath}: the twin covers {ModelCard.LayoutNchw} nets of {ArtifactStem.InputChannels} channels; the card says {card.InputLayout}, {card.Channels}");
        }

        var weights = OnnxWeights.Read(File.ReadAllBytes(modelPath), modelPath);
        var options = InferOptions(weights, card.TileSize, modelPath);
        var net = new DetectorNet(options);
        try
        {
            net.ImportOnnx(weights, modelPath);
            net.eval();
            foreach (var parameter in net.parameters())
            {
                parameter.requires_grad = false;
            }

            return new DetectorTwin(net, card);
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    /// <summary>[N] logits of pixel tiles [N, 3, tile, tile] in [0, 1]; differentiable with respect to <paramref name="pixels"/>.</summary>
    public Tensor Logits(Tensor pixels)
    {
        using var normalised = normalisation.Normalise(pixels);
        using var logits = Net.forward(normalised);
        return logits.reshape(-1);
    }

    public void Dispose()
    {
        normalisation.Dispose();
        Net.Dispose();
    }

    /// <summary>
    /// The options of the net that wrote <paramref name="weights"/>: each stride-2 convolution opens a stage, and frozen
    /// convolutions are the pretrained backbone (its weights come from the model, not from a weights folder).
    /// </summary>
    private static DetectorNetOptions InferOptions(OnnxWeights weights, int tileSize, string source)
    {
        var backbone = weights.Initializers.Any(i => i.Name.StartsWith("frozen_w_", StringComparison.Ordinal)) ? MobileNetV2Backbone.Name : null;
        var convs = weights.Initializers.Where(i => i.Name.StartsWith("conv_w_", StringComparison.Ordinal)).ToArray();
        var dense = weights.Initializers.Where(i => i.Name.StartsWith("fc_w_", StringComparison.Ordinal)).ToArray();
        if (backbone is not null && convs.Length == 0)
        {
            return dense.Length == 2
                ? new DetectorNetOptions { TileSize = tileSize, Backbone = backbone, BackboneOnly = true, HeadWidth = (int)dense[0].Shape[0] }
                : throw new InvalidDataException($"{source}: a backbone probe has 2 dense layers, this model {dense.Length}");
        }

        var stageOpeners = convs.Where(c => weights.ConvStrides.GetValueOrDefault(c.Name) == 2).ToArray();
        if (convs.Length == 0 || stageOpeners.Length == 0 || convs.Length % stageOpeners.Length != 0 || dense.Length != 3
            || dense.Any(d => d.Shape.Count != 2))
        {
            throw new InvalidDataException($"{source}: not a detector net this toolkit exported ({convs.Length} convolutions, {stageOpeners.Length} stride-2, {dense.Length} dense layers)");
        }

        return new DetectorNetOptions
        {
            TileSize = tileSize,
            StageWidths = [.. stageOpeners.Select(c => (int)c.Shape[0])],
            ConvsPerStage = convs.Length / stageOpeners.Length,
            SpectrumWidth = (int)dense[0].Shape[0],
            HeadWidth = (int)dense[1].Shape[0],
            Backbone = backbone,
        };
    }
}
