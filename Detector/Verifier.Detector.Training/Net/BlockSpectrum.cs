using TorchSharp;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Net;

/// <summary>
/// The frequency cue, as cheap as it gets in plain operators: the 63 AC coefficients of an 8x8 DCT-II of the
/// channel mean on the 8-pixel grid (one fixed strided convolution), as log(1 + mean |coefficient|) per
/// frequency: [N, 3, H, W] -> [N, 63]. Decoder upsamplers leave periodic peaks at periods 2, 4 and 8 that show
/// here as excess energy in fixed bins. H and W must be multiples of 8.
/// </summary>
public sealed class BlockSpectrum : NetLayer
{
    public const int Block = 8;
    public const int Features = Block * Block - 1;

    private readonly Tensor basis;

    public BlockSpectrum()
        : base(nameof(BlockSpectrum))
    {
        basis = tensor(DctBasis(), [Features, ArtifactStem.InputChannels, Block, Block]);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var coefficients = nn.functional.conv2d(x, basis, strides: [Block, Block]);
        using var magnitude = coefficients.abs();
        using var mean = magnitude.mean([2, 3]);
        return mean.log1p();
    }

    internal override string Export(OnnxExport export, string input)
    {
        var g = export.Graph;
        var coefficients = g.Conv(input, export.Constant(basis, "dct"), stride: Block);
        var mean = g.Flatten(g.GlobalAveragePool(g.Abs(coefficients)));
        return g.Log(g.Add(mean, export.Constant([1f], "one", 1)));
    }

    internal override void Import(OnnxImport import)
    {
        import.Expect(basis, "dct");
        using var one = ones(1);
        import.Expect(one, "one");
    }

    /// <summary>Orthonormal 2-D DCT-II basis functions (u, v) != (0, 0), each spread evenly over the input channels.</summary>
    private static float[] DctBasis()
    {
        const int channels = ArtifactStem.InputChannels;
        var weights = new float[Features * channels * Block * Block];
        var k = 0;
        for (var u = 0; u < Block; u++)
        {
            for (var v = 0; v < Block; v++)
            {
                if (u == 0 && v == 0)
                {
                    continue;
                }

                for (var c = 0; c < channels; c++)
                {
                    for (var y = 0; y < Block; y++)
                    {
                        for (var x = 0; x < Block; x++)
                        {
                            var value = Alpha(u) * Alpha(v) * Math.Cos((2 * y + 1) * u * Math.PI / (2 * Block))
                                * Math.Cos((2 * x + 1) * v * Math.PI / (2 * Block));
                            weights[((k * channels + c) * Block + y) * Block + x] = (float)(value / channels);
                        }
                    }
                }

                k++;
            }
        }

        return weights;

        static double Alpha(int frequency) => Math.Sqrt((frequency == 0 ? 1.0 : 2.0) / Block);
    }
}
