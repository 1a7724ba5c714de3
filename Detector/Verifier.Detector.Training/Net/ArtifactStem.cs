using TorchSharp;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Net;

/// <summary>
/// The fixed (untrained) front of the spatial branch: [N, 3, H, W] -> [N, 9, H, W] = the RGB tile, its NPR
/// residual x - up2(down2(x)) (Tan et al. 2024: upsampling leaves neighbouring-pixel correlations), and three
/// SRM high-pass residuals of the channel mean (Fridrich's rich-model filters), so the CNN starts from the traces
/// generators leave rather than from content. H and W must be even.
/// </summary>
public sealed class ArtifactStem : NetLayer
{
    public const int InputChannels = 3;
    public const int OutputChannels = 9;
    private const int SrmSize = 5;

    // Not a parameter: a buffer moves with the module (.to(device)) and is saved with it, but is never trained.
    private readonly Tensor srm;

    public ArtifactStem()
        : base(nameof(ArtifactStem))
    {
        srm = tensor(SrmWeights(), [3, InputChannels, SrmSize, SrmSize]);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var down = x[.., .., TensorIndex.Slice(null, null, 2), TensorIndex.Slice(null, null, 2)];
        using var up = nn.functional.interpolate(down, scale_factor: [2, 2], mode: InterpolationMode.Nearest);
        using var npr = x - up;
        using var highPass = nn.functional.conv2d(x, srm, padding: [SrmSize / 2, SrmSize / 2]);
        return cat([x, npr, highPass], 1);
    }

    internal override string Export(OnnxExport export, string input)
    {
        var g = export.Graph;
        var down = g.Slice(input, starts: [0, 0], ends: [long.MaxValue, long.MaxValue], axes: [2, 3], steps: [2, 2]);
        var npr = g.Sub(input, g.UpsampleNearest(down, 2));
        var highPass = g.Conv(input, export.Constant(srm, "srm"), padding: SrmSize / 2);
        return g.Concat(1, input, npr, highPass);
    }

    internal override void Import(OnnxImport import)
    {
        // The graph builder's Resize adds its scales as a float constant before the SRM filters.
        import.Expect([1f, 1f, 2f, 2f], [4], "scales");
        import.Expect(srm, "srm");
    }

    /// <summary>The three 5x5 SRM kernels (first-order edge, "KV" square, second-order line), each over the channel mean.</summary>
    private static float[] SrmWeights()
    {
        float[][] kernels =
        [
            Scaled(1 / 4f, [0, 0, 0, 0, 0, 0, -1, 2, -1, 0, 0, 2, -4, 2, 0, 0, -1, 2, -1, 0, 0, 0, 0, 0, 0]),
            Scaled(1 / 12f, [-1, 2, -2, 2, -1, 2, -6, 8, -6, 2, -2, 8, -12, 8, -2, 2, -6, 8, -6, 2, -1, 2, -2, 2, -1]),
            Scaled(1 / 2f, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, -2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ];

        var weights = new float[kernels.Length * InputChannels * SrmSize * SrmSize];
        for (var k = 0; k < kernels.Length; k++)
        {
            for (var c = 0; c < InputChannels; c++)
            {
                kernels[k].CopyTo(weights, (k * InputChannels + c) * SrmSize * SrmSize);
            }
        }

        return weights;

        static float[] Scaled(float scale, float[] kernel) => [.. kernel.Select(v => v * scale / InputChannels)];
    }
}
