namespace Verifier.Media;

/// <summary>
/// What a platform-style re-encode does to a still: an optional downscale (to at most <see cref="MaxHeight"/> rows; never
/// an upscale), a Gaussian blur, then JPEG at each of <see cref="JpegQualities"/> in turn (a re-upload of a re-upload).
/// With no quality the result is a lossless PNG, so only the resize or blur is measured. <see cref="Reframe"/>, when set,
/// crops and resizes first.
/// </summary>
public sealed record ImageEdit
{
    public Reframing? Reframe { get; init; }

    public int? MaxHeight { get; init; }

    public double? BlurSigma { get; init; }

    public IReadOnlyList<int> JpegQualities { get; init; } = [];
}
