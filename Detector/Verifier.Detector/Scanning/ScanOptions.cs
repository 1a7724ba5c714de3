using Verifier.Provenance.Certificates;

namespace Verifier.Detector.Scanning;

/// <summary>How a <see cref="Scanner"/> samples, tiles and reports; the defaults suit a clip of up to a few minutes.</summary>
public sealed record ScanOptions
{
    /// <summary>Trust anchors for the provenance evidence (none: a valid signature is at best Valid, never Trusted).</summary>
    public TrustSettings Trust { get; init; } = TrustSettings.None;

    /// <summary>Single frames spread evenly over a clip.</summary>
    public int SpreadFrames { get; init; } = 16;

    /// <summary>Short runs of consecutive frames (temporal cues); a temporal model's samples come from runs.</summary>
    public int RunCount { get; init; } = 4;

    /// <summary>Frames per run; raised to the model's frames per sample when that is more.</summary>
    public int RunLength { get; init; } = 8;

    /// <summary>
    /// How much decoding a sample may waste, in megapixels: a start whose frames from the keyframe before it add up to
    /// more moves to its nearest keyframe (for 1080p at 30 fps the default allows about half a second; for a small clip,
    /// several seconds). Sparse keyframes then cost coverage, not time.
    /// </summary>
    public double DecodeLeadMegapixels { get; init; } = 32;

    /// <summary>At most this many tiles per frame, evenly spread over the frame's grid.</summary>
    public int MaxTilesPerFrame { get; init; } = 16;

    /// <summary>
    /// At most this many tiles over a whole clip: a long plan gets fewer tiles per frame (never under one). Scoring is most
    /// of a clip's time on a CPU, and many frames with a few tiles each tell more than a few frames fully tiled.
    /// </summary>
    public int MaxTilesPerClip { get; init; } = 384;

    /// <summary>Long side, in pixels, of the JPEG picture kept of each run's first frame (for the HTML report).</summary>
    public int PictureLongSide { get; init; } = 480;

    /// <summary>Samples per ONNX Runtime call.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>The first option out of range, as "Name: why", or null.</summary>
    internal string? FindProblem() =>
        SpreadFrames < 0 ? $"{nameof(SpreadFrames)}: {SpreadFrames} must not be negative"
        : RunCount < 0 ? $"{nameof(RunCount)}: {RunCount} must not be negative"
        : SpreadFrames + RunCount == 0 ? $"{nameof(SpreadFrames)} and {nameof(RunCount)}: at least one frame or run is needed"
        : RunLength < 1 ? $"{nameof(RunLength)}: {RunLength} must be at least 1"
        : !(DecodeLeadMegapixels >= 0) ? $"{nameof(DecodeLeadMegapixels)}: {DecodeLeadMegapixels} must be a number >= 0"
        : MaxTilesPerFrame < 1 ? $"{nameof(MaxTilesPerFrame)}: {MaxTilesPerFrame} must be at least 1"
        : MaxTilesPerClip < 1 ? $"{nameof(MaxTilesPerClip)}: {MaxTilesPerClip} must be at least 1"
        : PictureLongSide < 1 ? $"{nameof(PictureLongSide)}: {PictureLongSide} must be at least 1"
        : BatchSize < 1 ? $"{nameof(BatchSize)}: {BatchSize} must be at least 1"
        : null;
}
