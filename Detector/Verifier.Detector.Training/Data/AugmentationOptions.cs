namespace Verifier.Detector.Training.Data;

/// <summary>
/// How strongly tiles are degraded before training, the same for real and AI tiles, so that compression, scale and
/// sharpness cannot stand in for the label (detection.md §4.4). Each step fires with its own probability.
/// </summary>
public sealed record AugmentationOptions
{
    /// <summary>No degradation: tiles are plain native-resolution crops.</summary>
    public static readonly AugmentationOptions None = new()
    {
        ResizeProbability = 0, BlurProbability = 0, NoiseProbability = 0, JpegProbability = 0, H264Probability = 0, OverlayProbability = 0,
    };

    /// <summary>Downscale a larger region to the tile (factor MinScale..1, random kernel).</summary>
    public double ResizeProbability { get; init; } = 0.3;

    public double MinScale { get; init; } = 0.5;

    /// <summary>Gaussian blur with sigma up to <see cref="MaxBlurSigma"/> pixels.</summary>
    public double BlurProbability { get; init; } = 0.2;

    public double MaxBlurSigma { get; init; } = 1.5;

    /// <summary>Gaussian sensor-like noise with a standard deviation up to <see cref="MaxNoiseSigma"/> 8-bit levels.</summary>
    public double NoiseProbability { get; init; } = 0.2;

    public double MaxNoiseSigma { get; init; } = 6;

    /// <summary>A caption bar, watermark or corner badge drawn over the tile (<see cref="TileOverlay"/>), often partly, before JPEG.</summary>
    public double OverlayProbability { get; init; } = 0.2;

    /// <summary>JPEG re-encode at a quality drawn from MinJpegQuality..MaxJpegQuality, on a grid offset from the tile's.</summary>
    public double JpegProbability { get; init; } = 0.6;

    public int MinJpegQuality { get; init; } = 30;

    public int MaxJpegQuality { get; init; } = 100;

    /// <summary>Clips only: re-encode the whole clip with libx264 at a CRF drawn from MinCrf..MaxCrf before its frames are cut.</summary>
    public double H264Probability { get; init; } = 0.5;

    public int MinCrf { get; init; } = 18;

    public int MaxCrf { get; init; } = 40;
}
