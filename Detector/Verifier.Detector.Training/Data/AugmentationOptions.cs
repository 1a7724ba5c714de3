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
        ResizeProbability = 0, BlurProbability = 0, NoiseProbability = 0, JpegProbability = 0, H264Probability = 0,
        ReencodeAgainProbability = 0, FrameRateProbability = 0, OverlayProbability = 0,
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

    /// <summary>
    /// Of the clips drawn for the H.264 re-encode, the chance that the result is encoded once more (and again, each
    /// time with this chance, up to <see cref="MaxPasses"/> in all), as a clip passed on from one platform to the next
    /// is. 0 draws nothing, leaving every tile as it was without this option.
    /// </summary>
    public double ReencodeAgainProbability { get; init; } = 0.3;

    /// <summary>The most H.264 passes a clip goes through.</summary>
    public int MaxPasses { get; init; } = 3;

    /// <summary>
    /// Of the clips drawn for the H.264 re-encode, the share whose frame rate that re-encode also changes (ffmpeg's fps
    /// filter: frames dropped or repeated) to one of <see cref="FrameRates"/>, so that frame timing cannot stand in for
    /// the label. 0 draws nothing, leaving every tile as it was without this option.
    /// </summary>
    public double FrameRateProbability { get; init; } = 0.3;

    /// <summary>The frame rates a change picks from (uniformly, among those <see cref="MaxFrameRateIncrease"/> allows).</summary>
    public IReadOnlyList<double> FrameRates { get; init; } = [12, 15, 24, 25, 30];

    /// <summary>
    /// How far above the source's rate a new rate may lie, as a factor: 1.25 allows 24 -> 30, where the fps filter repeats
    /// one frame in five as a platform's conversion does, but not 12 -> 30, which would be mostly repeated frames (zero
    /// differences no real upload of that clip shows). Rates below the source (dropped frames, larger motion) are all allowed.
    /// </summary>
    public double MaxFrameRateIncrease { get; init; } = 1.25;
}
