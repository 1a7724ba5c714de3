namespace Verifier.Media;

/// <summary>
/// What a platform-style re-encode does to a clip besides H.264 at <see cref="Crf"/>: an optional downscale (to at most
/// <see cref="MaxHeight"/> rows; never an upscale), a Gaussian blur and a frame-rate change, applied in that order.
/// <see cref="Passes"/> above 1 encodes the result again (a re-upload of a re-upload).
/// </summary>
public sealed record VideoEdit(int Crf)
{
    public int? MaxHeight { get; init; }

    public double? BlurSigma { get; init; }

    public double? FramesPerSecond { get; init; }

    public int Passes { get; init; } = 1;
}
