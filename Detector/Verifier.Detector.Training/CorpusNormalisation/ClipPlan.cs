using System.Globalization;
using Verifier.Media;

namespace Verifier.Detector.Training.CorpusNormalisation;

/// <summary>
/// What normalisation does to one clip: the centred crop to <see cref="Aspect"/>, the resize, a frame rate, a duration cap,
/// then H.264 yuv420p at a CRF in MP4 (+faststart, no audio, reproducible bytes).
/// </summary>
public sealed record ClipPlan(AspectRatio Aspect, Reframing Reframe, int Crf, int FramesPerSecond, double MaxDurationSeconds)
{
    public VideoEdit Edit => new(Crf)
    {
        Reframe = Reframe, FramesPerSecond = FramesPerSecond, MaxDurationSeconds = MaxDurationSeconds, Reproducible = true,
    };

    /// <summary>The manifest's <c>processing</c> cell.</summary>
    public string Processing => string.Create(CultureInfo.InvariantCulture,
        $"normalised: crop {Aspect}{StillPlan.Scale(Reframe)}, short side {StillPlan.ShortSide(Reframe.Output)}, {FramesPerSecond} fps, at most {MaxDurationSeconds:0.00} s, H.264 CRF {Crf} yuv420p, no audio");
}
