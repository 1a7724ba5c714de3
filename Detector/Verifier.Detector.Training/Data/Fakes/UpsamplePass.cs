using System.Globalization;

namespace Verifier.Detector.Training.Data.Fakes;

/// <summary>
/// One down-and-up pass: the picture cropped to a multiple of <see cref="Factor"/> (top-left kept), area-downscaled by
/// it, then upscaled by it with <see cref="Kernel"/>, as an ffmpeg filter chain over RGB planes.
/// </summary>
public sealed record UpsamplePass(int Factor, UpsampleKernel Kernel)
{
    public string KernelName => Kernel switch
    {
        UpsampleKernel.Nearest => "nearest",
        UpsampleKernel.Bilinear => "bilinear",
        UpsampleKernel.Bicubic => "bicubic",
        _ => "transposed-conv",
    };

    public string Description => Kernel == UpsampleKernel.TransposedConv
        ? $"area down x{Factor}, zero-insertion up x{Factor} + fixed kernel {string.Join(' ', Taps)} per axis (uneven overlap: checkerboard)"
        : $"area down x{Factor}, {KernelName} up x{Factor}";

    private int TapCount => (2 * Factor) - 1;

    /// <summary>
    /// The 1-D taps 2(f - |i|) + 1 for |i| &lt; f: a linear-interpolation tent plus a box. The box makes the overlap
    /// uneven: a pixel on the zero-inserted lattice gets gain 2f + 1 per axis, every other phase 2f + 2.
    /// </summary>
    public int[] Taps => [.. Enumerable.Range(1 - Factor, TapCount).Select(i => (2 * (Factor - Math.Abs(i))) + 1)];

    /// <summary>The mean gain over phases per axis, so the kernel keeps the picture's mean brightness.</summary>
    public double MeanGain => ((2.0 * Factor) + 1 + ((Factor - 1) * ((2.0 * Factor) + 2))) / Factor;

    public string Filters
    {
        get
        {
            var f = Factor.ToString(CultureInfo.InvariantCulture);
            var down = $"crop=trunc(iw/{f})*{f}:trunc(ih/{f})*{f}:0:0,scale=iw/{f}:ih/{f}:flags=area,format=gbrp";
            var up = Kernel == UpsampleKernel.Nearest || Kernel == UpsampleKernel.TransposedConv ? "neighbor" : KernelName;
            var chain = $"{down},scale=iw*{f}:ih*{f}:flags={up},format=gbrp";
            return Kernel == UpsampleKernel.TransposedConv
                ? $"{chain},geq={string.Join(':', new[] { "r", "g", "b" }.Select(c => $"{c}='{TransposedConv(c, f)}'"))}"
                : chain;
        }
    }

    /// <summary>
    /// Zero insertion then the taps, evaluated directly: after the nearest upscale each f x f block holds its source pixel,
    /// so a pixel at phase p (per axis) sees two lattice points, at -p (tap 2(f - p) + 1) and at f - p (tap 2p + 1, none
    /// when p = 0). geq rather than ffmpeg's convolution filter, whose divisor option 5.1 ignores.
    /// </summary>
    private string TransposedConv(string channel, string f)
    {
        var norm = (MeanGain * MeanGain).ToString("R", CultureInfo.InvariantCulture);
        var weights = $"st(0,mod(X,{f}));st(1,mod(Y,{f}));st(2,2*({f}-ld(0))+1);st(3,if(ld(0),2*ld(0)+1,0));st(4,2*({f}-ld(1))+1);st(5,if(ld(1),2*ld(1)+1,0));";
        string Term(string wx, string wy, string dx, string dy) => $"ld({wx})*ld({wy})*{channel}(X-ld(0){dx},Y-ld(1){dy})";
        return weights + $"({Term("2", "4", "", "")}+{Term("3", "4", "+" + f, "")}+{Term("2", "5", "", "+" + f)}+{Term("3", "5", "+" + f, "+" + f)})/{norm}";
    }
}
