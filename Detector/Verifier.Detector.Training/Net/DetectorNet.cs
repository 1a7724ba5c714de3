using TorchSharp;
using Verifier.Detector.Onnx;
using Verifier.Detector.Training.Net.Pretrained;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Net;

/// <summary>
/// The tile detector: [N, 3, tile, tile] normalised tiles -> [N, 1] logits (AI positive). Two branches meet in
/// a small head: the spatial artifact branch (RGB + NPR + SRM residuals, stride-2 conv stages, attention pooling)
/// and the block-DCT frequency branch. With <see cref="DetectorNetOptions.Frames"/> T above 1 the input is
/// [N, 3, T, tile, tile]: both branches run on every frame and are averaged over time, and a third, motion branch
/// (differences of consecutive frames, stride-2 conv stages, attention pooling, averaged over the T-1 differences)
/// joins them in the head (detection.md §4). With a <see cref="DetectorNetOptions.Backbone"/>, a frozen pretrained
/// feature extractor runs beside the per-frame branches (or alone, <see cref="DetectorNetOptions.BackboneOnly"/>).
/// The layer list below is the only definition: it trains in TorchSharp and writes the same function to ONNX
/// (<see cref="ToOnnx"/>). An optional generator-family head (training only, never exported) reads the same pooled
/// features, so learning which family a tile came from shapes what the logit sees.
/// </summary>
public sealed class DetectorNet : nn.Module<Tensor, Tensor>
{
    public const string InputName = "tiles";
    public const string OutputName = "logit";

    // The layers up to the pooled feature vector, and the fusion head that turns it into the logit.
    private readonly NetLayer trunk;
    private readonly Sequence classifier;
    // Training only (never exported): predicts the tile's generator family from the same pooled features.
    private readonly Dense? familyHead;

    /// <param name="familyClasses">0 for no family head, else the classes it tells apart (at least 2).</param>
    public DetectorNet(DetectorNetOptions options, int familyClasses = 0)
        : base(nameof(DetectorNet))
    {
        if (options.FindProblem() is { } problem)
        {
            throw new ArgumentException($"detector net options: {problem}", nameof(options));
        }

        if (familyClasses is 1 or < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(familyClasses), familyClasses, "a family head needs at least 2 classes (0 = none)");
        }

        Options = options;
        (trunk, classifier, FeatureWidth) = Build(options);
        // Made last, so the detector's own initial weights are the same with or without the head.
        familyHead = familyClasses > 0 ? new Dense(FeatureWidth, familyClasses, relu: false) : null;
        FamilyClasses = familyClasses;
        RegisterComponents();
    }

    public DetectorNetOptions Options { get; }

    /// <summary>Width of the pooled feature vector (<see cref="Features"/>): both branches' outputs side by side.</summary>
    public int FeatureWidth { get; }

    /// <summary>Classes of the training-only family head; 0 when the net has none.</summary>
    public int FamilyClasses { get; }

    /// <summary>Trainable parameters (the fixed residual and DCT filters are buffers, not counted).</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    public override Tensor forward(Tensor tiles)
    {
        using var features = trunk.forward(tiles);
        return classifier.forward(features);
    }

    /// <summary>The pooled feature vector [N, <see cref="FeatureWidth"/>] both heads read.</summary>
    public Tensor Features(Tensor tiles) => trunk.forward(tiles);

    /// <summary>The logit [N, 1] from pooled features [N, <see cref="FeatureWidth"/>] (<see cref="Features"/>).</summary>
    public Tensor Head(Tensor features) => classifier.forward(features);

    /// <summary>
    /// The logit [N, 1] and the family head's logits [N, <see cref="FamilyClasses"/>] from one pass over the trunk;
    /// throws when the net has no family head.
    /// </summary>
    public (Tensor Logit, Tensor Family) ForwardWithFamily(Tensor tiles)
    {
        using var features = trunk.forward(tiles);
        return HeadsWithFamily(features);
    }

    /// <summary><see cref="ForwardWithFamily"/> from pooled features; throws when the net has no family head.</summary>
    public (Tensor Logit, Tensor Family) HeadsWithFamily(Tensor features)
    {
        var head = familyHead ?? throw new InvalidOperationException("this detector net has no family head");
        return (classifier.forward(features), head.forward(features));
    }

    /// <summary>
    /// The eval-mode net as an ONNX model (IR 8, opset 17) with input "tiles" [N, 3, tile, tile] ([N, 3, T, tile, tile]
    /// for T frames) and output "logit" [N, 1] (no family head).
    /// </summary>
    public byte[] ToOnnx(string graphName)
    {
        var g = new OnnxGraphBuilder(graphName);
        var tile = Options.TileSize;
        var input = Options.Frames == 1
            ? g.AddInput(InputName, OnnxGraphBuilder.Dynamic, ArtifactStem.InputChannels, tile, tile)
            : g.AddInput(InputName, OnnxGraphBuilder.Dynamic, ArtifactStem.InputChannels, Options.Frames, tile, tile);
        var export = new OnnxExport(g);
        g.AddOutput(OutputName, classifier.Export(export, trunk.Export(export, input)), OnnxGraphBuilder.Dynamic, 1);
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
            trunk.Import(import);
            classifier.Import(import);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }

        import.RequireAllRead();
    }

    private static (NetLayer Trunk, Sequence Classifier, int FeatureWidth) Build(DetectorNetOptions options)
    {
        var features = 0;
        var frameBranches = new List<NetLayer>();
        if (!options.BackboneOnly)
        {
            var (spatial, spatialFeatures) = Spatial(options);
            frameBranches.Add(spatial);
            frameBranches.Add(new Sequence(new BlockSpectrum(), new Dense(BlockSpectrum.Features, options.SpectrumWidth, relu: true)));
            features += spatialFeatures + options.SpectrumWidth;
        }

        if (options.Backbone is not null)
        {
            frameBranches.Add(new MobileNetV2Backbone(options.BackboneFolder is { } folder ? TfjsWeights.Read(folder) : null));
            features += MobileNetV2Backbone.Features;
        }

        NetLayer perFrame = frameBranches.Count == 1 ? frameBranches[0] : new Branches([.. frameBranches]);
        NetLayer trunk = perFrame;
        if (options.Frames > 1)
        {
            var (motion, motionFeatures) = Motion(options);
            trunk = new Branches(new Sequence(new FoldFrames(options.TileSize), perFrame, new TimePool(options.Frames, features)), motion);
            features += motionFeatures;
        }

        var classifier = new Sequence(new Dense(features, options.HeadWidth, relu: true), new Dense(options.HeadWidth, 1, relu: false));
        return (trunk, classifier, features);
    }

    /// <summary>The spatial artifact branch: [N, 3, tile, tile] -> [N, features].</summary>
    private static (Sequence Branch, int Features) Spatial(DetectorNetOptions options)
    {
        var layers = new List<NetLayer> { new ArtifactStem() };
        var channels = ArtifactStem.OutputChannels;
        foreach (var width in options.StageWidths)
        {
            layers.Add(new ConvBnRelu(channels, width, stride: 2));
            for (var i = 1; i < options.ConvsPerStage; i++)
            {
                layers.Add(new ConvBnRelu(width, width, stride: 1));
            }

            channels = width;
        }

        layers.Add(new AttentionPool(channels));
        return (new Sequence([.. layers]), 2 * channels);
    }

    /// <summary>The motion branch: [N, 3, T, tile, tile] -> [N, features], from the T-1 differences of consecutive frames.</summary>
    private static (Sequence Branch, int Features) Motion(DetectorNetOptions options)
    {
        var differences = options.Frames - 1;
        var layers = new List<NetLayer> { new FrameDifferences(), new FoldFrames(options.TileSize) };
        var channels = ArtifactStem.InputChannels;
        foreach (var width in options.MotionWidths)
        {
            layers.Add(new ConvBnRelu(channels, width, stride: 2));
            channels = width;
        }

        layers.Add(new AttentionPool(channels));
        layers.Add(new TimePool(differences, 2 * channels));
        return (new Sequence([.. layers]), 2 * channels);
    }
}
