using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Net.Pretrained;

/// <summary>
/// The first 13 blocks of MobileNetV2 (Sandler et al. 2018, width 1.0) with ImageNet-pretrained, frozen weights, as a
/// feature extractor: normalised tiles [N, 3, tile, tile] -> [N, <see cref="Features"/>], the per-channel spatial mean
/// and root mean square at four depths (strides 4, 8, 16 and 16). Pretrained features are what lets detectors of
/// generated images reach families they never saw (UnivFD, detection.md §4); training changes only what reads them.
/// Low and middle layers, with their second moments, are the texture statistics a generator's traces live in; the
/// deeper layers and the 1280-wide head describe content, and reading them scored worse on held-out families (README).
/// The weights are read from a TensorFlow.js layers model with Keras's layer names (models/backbones/mobilenet-v2,
/// see its README); a net rebuilt from an exported ONNX model starts from zeros and imports them instead.
/// </summary>
public sealed class MobileNetV2Backbone : NetLayer
{
    public const string Name = "mobilenet-v2";

    /// <summary>What the backbone is and whose terms its weights carry, as the model card records it.</summary>
    public const string Description = "mobilenet-v2: MobileNetV2 1.0, ImageNet-pretrained (Keras Applications, Apache-2.0), "
        + "as bundled in the npm package nsfwjs 4.3.0 (MIT; blocks 11-16 fine-tuned there for its own task); frozen; blocks 0-12 read, 432 features (mean and RMS of blocks 2, 5, 9 and 12)";

    /// <summary>The tile side must be a multiple of this (four stride-2 steps up to block 12).</summary>
    public const int SizeMultiple = 16;

    /// <summary>Widths of the tapped outputs: blocks 2, 5, 9 and 12 (the last of each width up to stride 16).</summary>
    public static readonly IReadOnlyList<int> TapWidths = [24, 32, 64, 96];

    /// <summary>Each tap gives its channels' means, then their root mean squares.</summary>
    public static int Features => 2 * TapWidths.Sum();

    // (expansion, output channels, repeats, first stride) per stage: the paper's Table 2, up to the last tapped block.
    private static readonly (int Expansion, int Channels, int Repeats, int Stride)[] Stages =
        [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1)];

    private static readonly HashSet<int> TappedBlocks = [2, 5, 9, 12];

    // Keeps the root mean square differentiable where a channel is all zeros (attacks take gradients through it).
    private const float SquareFloor = 1e-6f;

    // Keras's batch-norm epsilon for MobileNetV2.
    private const double BatchNormEpsilon = 1e-3;

    private readonly FrozenConv stem;
    private readonly ModuleList<InvertedResidual> blocks;

    /// <param name="weights">The pretrained weights; null builds zeros, for <see cref="Import"/> to fill.</param>
    public MobileNetV2Backbone(TfjsWeights? weights)
        : base(nameof(MobileNetV2Backbone))
    {
        // The tiles arrive normalised as (v - 0.5) / 0.25 (the card's normalisation) and Keras's MobileNetV2 takes
        // 2v - 1, half of that: the stem's weights are halved instead of its input.
        stem = Conv(weights, "Conv1", "bn_Conv1", 3, 32, 3, stride: 2, depthwise: false, relu6: true, inputScale: 0.5);
        var list = new List<InvertedResidual>();
        var channels = 32;
        foreach (var (expansion, outChannels, repeats, firstStride) in Stages)
        {
            for (var r = 0; r < repeats; r++)
            {
                var prefix = list.Count == 0 ? "expanded_conv" : $"block_{list.Count}";
                list.Add(Block(weights, prefix, channels, outChannels, expansion, r == 0 ? firstStride : 1));
                channels = outChannels;
            }
        }

        blocks = nn.ModuleList([.. list]);
        RegisterComponents();
    }

    public override Tensor forward(Tensor tiles)
    {
        using var scope = NewDisposeScope();
        var x = stem.forward(tiles);
        var taps = new List<Tensor>();
        for (var i = 0; i < blocks.Count; i++)
        {
            x = blocks[i].forward(x);
            if (TappedBlocks.Contains(i))
            {
                taps.Add(x.mean([2, 3]));
                taps.Add((x.square().mean([2, 3]) + SquareFloor).sqrt());
            }
        }

        return cat(taps, 1).MoveToOuterDisposeScope();
    }

    internal override string Export(OnnxExport export, string input)
    {
        var g = export.Graph;
        var x = stem.Export(export, input);
        var taps = new List<string>();
        for (var i = 0; i < blocks.Count; i++)
        {
            x = blocks[i].Export(export, x);
            if (TappedBlocks.Contains(i))
            {
                taps.Add(g.Flatten(g.GlobalAveragePool(x)));
                var meanSquare = g.GlobalAveragePool(g.Mul(x, x));
                taps.Add(g.Flatten(g.Sqrt(g.Add(meanSquare, export.Constant([SquareFloor], "square_floor", 1)))));
            }
        }

        return g.Concat(1, [.. taps]);
    }

    internal override void Import(OnnxImport import)
    {
        stem.Import(import);
        for (var i = 0; i < blocks.Count; i++)
        {
            blocks[i].Import(import);
            if (TappedBlocks.Contains(i))
            {
                import.Expect([SquareFloor], [1], "square_floor");
            }
        }
    }

    private static InvertedResidual Block(TfjsWeights? weights, string prefix, int inChannels, int outChannels, int expansion, int stride)
    {
        var hidden = inChannels * expansion;
        var expand = expansion == 1 ? null : Conv(weights, $"{prefix}_expand", $"{prefix}_expand_BN", inChannels, hidden, 1, 1, depthwise: false, relu6: true);
        var depthwise = Conv(weights, $"{prefix}_depthwise", $"{prefix}_depthwise_BN", hidden, hidden, 3, stride, depthwise: true, relu6: true);
        var project = Conv(weights, $"{prefix}_project", $"{prefix}_project_BN", hidden, outChannels, 1, 1, depthwise: false, relu6: false);
        return new InvertedResidual(expand, depthwise, project, residual: stride == 1 && inChannels == outChannels);
    }

    /// <summary>A Keras Conv2D or DepthwiseConv2D (no bias) and its batch norm, folded into one frozen convolution.</summary>
    /// <param name="inputScale">Folded into the weights: the layer computes what the Keras layer computes on its input times this.</param>
    private static FrozenConv Conv(
        TfjsWeights? weights, string conv, string norm, int inChannels, int outChannels, int kernel, int stride, bool depthwise, bool relu6, double inputScale = 1)
    {
        // Keras pads a stride-2 3x3 convolution of an even-sized input by one row and column after, none before;
        // a stride-1 "same" convolution evenly.
        var pads = kernel == 1 ? (0, 0, 0, 0) : stride == 2 ? (0, 0, 1, 1) : (1, 1, 1, 1);
        var groups = depthwise ? inChannels : 1;
        if (weights is null)
        {
            return new FrozenConv(zeros(outChannels, inChannels / groups, kernel, kernel), zeros(outChannels), stride, groups, pads, relu6);
        }

        // Keras kernels are [k, k, in, out] (depthwise: [k, k, channels, 1]); PyTorch's are [out, in / groups, k, k].
        var kernelWeight = depthwise
            ? weights.Get($"{conv}/depthwise_kernel", kernel, kernel, inChannels, 1)
            : weights.Get($"{conv}/kernel", kernel, kernel, inChannels, outChannels);
        using var scope = NewDisposeScope();
        var raw = tensor(kernelWeight.Values, [kernel, kernel, inChannels, depthwise ? 1 : outChannels]);
        var torchLayout = depthwise ? raw.permute(2, 3, 0, 1) : raw.permute(3, 2, 0, 1);
        var gamma = Vector(weights, $"{norm}/gamma", outChannels);
        var beta = Vector(weights, $"{norm}/beta", outChannels);
        var mean = Vector(weights, $"{norm}/moving_mean", outChannels);
        var variance = Vector(weights, $"{norm}/moving_variance", outChannels);
        var normScale = gamma / (variance + BatchNormEpsilon).sqrt();
        var folded = (torchLayout * (normScale * inputScale).reshape(-1, 1, 1, 1)).contiguous();
        var bias = beta - mean * normScale;
        return new FrozenConv(folded.MoveToOuterDisposeScope(), bias.MoveToOuterDisposeScope(), stride, groups, pads, relu6);
    }

    private static Tensor Vector(TfjsWeights weights, string name, int length) => tensor(weights.Get(name, length).Values);

    /// <summary>Expand (1x1, ReLU6; absent at expansion 1), depthwise 3x3 (ReLU6), project (1x1, linear), plus the input when shapes allow.</summary>
    private sealed class InvertedResidual : NetLayer
    {
        private readonly FrozenConv? expand;
        private readonly FrozenConv depthwise;
        private readonly FrozenConv project;
        private readonly bool residual;

        public InvertedResidual(FrozenConv? expand, FrozenConv depthwise, FrozenConv project, bool residual)
            : base(nameof(InvertedResidual))
        {
            this.expand = expand;
            this.depthwise = depthwise;
            this.project = project;
            this.residual = residual;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var expanded = expand?.forward(x);
            using var filtered = depthwise.forward(expanded ?? x);
            var projected = project.forward(filtered);
            if (!residual)
            {
                return projected;
            }

            using (projected)
            {
                return projected + x;
            }
        }

        internal override string Export(OnnxExport export, string input)
        {
            var x = expand?.Export(export, input) ?? input;
            var y = project.Export(export, depthwise.Export(export, x));
            return residual ? export.Graph.Add(y, input) : y;
        }

        internal override void Import(OnnxImport import)
        {
            expand?.Import(import);
            depthwise.Import(import);
            project.Import(import);
        }
    }
}
