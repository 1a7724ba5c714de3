using TorchSharp;
using Verifier.Detector.Onnx;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Net;

/// <summary>
/// The tile detector: [N, 3, tile, tile] normalised tiles -> [N, 1] logits (AI positive). Two branches meet in
/// a small head: the spatial artifact branch (RGB + NPR + SRM residuals, stride-2 conv stages, attention pooling)
/// and the block-DCT frequency branch. The layer list below is the only definition: it trains in TorchSharp and
/// writes the same function to ONNX (<see cref="ToOnnx"/>).
/// </summary>
public sealed class DetectorNet : nn.Module<Tensor, Tensor>
{
    public const string InputName = "tiles";
    public const string OutputName = "logit";

    private readonly Sequence root;

    public DetectorNet(DetectorNetOptions options)
        : base(nameof(DetectorNet))
    {
        if (options.FindProblem() is { } problem)
        {
            throw new ArgumentException($"detector net options: {problem}", nameof(options));
        }

        Options = options;
        root = Build(options);
        RegisterComponents();
    }

    public DetectorNetOptions Options { get; }

    /// <summary>Trainable parameters (the fixed residual and DCT filters are buffers, not counted).</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    public override Tensor forward(Tensor tiles) => root.forward(tiles);

    /// <summary>The eval-mode net as an ONNX model (IR 8, opset 17) with input "tiles" [N, 3, tile, tile] and output "logit" [N, 1].</summary>
    public byte[] ToOnnx(string graphName)
    {
        var g = new OnnxGraphBuilder(graphName);
        var tile = Options.TileSize;
        var input = g.AddInput(InputName, OnnxGraphBuilder.Dynamic, ArtifactStem.InputChannels, tile, tile);
        g.AddOutput(OutputName, root.Export(new OnnxExport(g), input), OnnxGraphBuilder.Dynamic, 1);
        return g.ToBytes();
    }

    /// <summary>
    /// Takes the weights of an exported net of these options back (see <see cref="Robustness.DetectorTwin"/>); the result
    /// computes the export's function in eval mode. A layout mismatch throws <see cref="InvalidDataException"/> naming <paramref name="source"/>.
    /// </summary>
    internal void ImportOnnx(OnnxWeights weights, string source)
    {
        var import = new OnnxImport(weights, source);
        try
        {
            root.Import(import);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }

        import.RequireAllRead();
    }

    private static Sequence Build(DetectorNetOptions options)
    {
        var spatial = new List<NetLayer> { new ArtifactStem() };
        var channels = ArtifactStem.OutputChannels;
        foreach (var width in options.StageWidths)
        {
            spatial.Add(new ConvBnRelu(channels, width, stride: 2));
            for (var i = 1; i < options.ConvsPerStage; i++)
            {
                spatial.Add(new ConvBnRelu(width, width, stride: 1));
            }

            channels = width;
        }

        spatial.Add(new AttentionPool(channels));
        var features = 2 * channels + options.SpectrumWidth;
        return new Sequence(
            new Branches(
                new Sequence([.. spatial]),
                new Sequence(new BlockSpectrum(), new Dense(BlockSpectrum.Features, options.SpectrumWidth, relu: true))),
            new Dense(features, options.HeadWidth, relu: true),
            new Dense(options.HeadWidth, 1, relu: false));
    }
}
