namespace Verifier.Media;

/// <summary>
/// What a platform-style re-encode does to a clip besides H.264 at <see cref="Crf"/>: an optional downscale (to at most
/// <see cref="MaxHeight"/> rows; never an upscale), a Gaussian blur and a frame-rate change, applied in that order.
/// <see cref="Passes"/> above 1 encodes the result again (a re-upload of a re-upload). <see cref="Reframe"/> crops and
/// resizes before all of that; <see cref="MaxDurationSeconds"/> keeps only the start; <see cref="Reproducible"/> encodes on
/// one thread with bit-exact muxing and the index up front (+faststart), so the same input gives the same bytes.
/// </summary>
public sealed record VideoEdit(int Crf)
{
    public int? MaxHeight { get; init; }

    public double? BlurSigma { get; init; }

    public double? FramesPerSecond { get; init; }

    public int Passes { get; init; } = 1;

    public Reframing? Reframe { get; init; }

    public double? MaxDurationSeconds { get; init; }

    public bool Reproducible { get; init; }
}
