using Verifier.Media;

namespace Verifier.Detector.Training.CorpusNormalisation;

/// <summary>What normalisation does to one still: the centred crop to <see cref="Aspect"/>, the resize, and JPEG at a quality.</summary>
public sealed record StillPlan(AspectRatio Aspect, Reframing Reframe, int JpegQuality)
{
    public ImageEdit Edit => new() { Reframe = Reframe, JpegQualities = [JpegQuality] };

    /// <summary>The manifest's <c>processing</c> cell.</summary>
    public string Processing =>
        $"normalised: crop {Aspect}{StillPlan.Scale(Reframe)}, short side {ShortSide(Reframe.Output)}, JPEG q{JpegQuality} 4:2:0, metadata stripped";

    internal static int ShortSide(FrameSize size) => Math.Min(size.Width, size.Height);

    /// <summary>" at native scale" when nothing was resized (a window, or a source no larger than the output).</summary>
    internal static string Scale(Reframing reframe) => reframe.Crop == reframe.Output ? " at native scale" : string.Empty;
}
