using Verifier.Media;

namespace Verifier.Detector.Training.CorpusNormalisation;

/// <summary>
/// The format-normalisation rule: every item, of either label, gets an aspect, a short side, a quality and (clips) a frame
/// rate and duration cap drawn from the same fixed sets by a generator seeded with (seed, the item's path), never by
/// label, so container, codec, size, aspect, fps and duration stop telling AI from real.
/// </summary>
/// <remarks>
/// The size rule: the short side is drawn from one range per kind and capped at the crop's own short side (never an
/// upscale). The ranges sit low on purpose: on ../shared/data AI stills are mostly 512-1024 squares and camera photos
/// larger 4:3/3:2, so any range reaching into their sizes would leave resolution predicting the label through the cap.
/// With stills at 256-384 and clips at 128-176 (one 128 px tile still fits), the cap binds for the same small share of
/// each label's draws (stills: 6.4% of AI, 6.7% of real; clips: 2.9% and 1.2%), and the crop's aspect, drawn from the
/// same set for all, replaces the source's. The duration cap (0.5-1 s) sits below all but 4 of the 152 clips (AI clips run
/// 1-4 s, real ones often 5-10 s), so length says nothing either; at 24-30 fps that still leaves 12 frames or more. Frame
/// rates are never drawn from the source's, so a low-rate source gets repeated frames: visible to a temporal model, not
/// to metadata.
/// </remarks>
public static class NormalisationRule
{
    public static readonly IReadOnlyList<AspectRatio> Aspects = [new(1, 1), new(4, 3), new(3, 4), new(3, 2), new(16, 9)];

    public static readonly IReadOnlyList<int> FramesPerSecondChoices = [24, 25, 30];

    public const int StillShortSideMin = 256;
    public const int StillShortSideMax = 384;
    public const int ClipShortSideMin = 128;
    public const int ClipShortSideMax = 176;
    public const int JpegQualityMin = 75;
    public const int JpegQualityMax = 95;
    public const int CrfMin = 20;
    public const int CrfMax = 30;
    public const double DurationCapMin = 0.5;
    public const double DurationCapMax = 1.0;

    /// <summary>Sources with a side below this are refused: there is nothing left to crop and scale.</summary>
    public const int MinSourceSide = 16;

    /// <param name="nativeScale">A centred window of the output's size instead of a scaled crop (see <see cref="Reframe"/>).</param>
    public static StillPlan ForStill(Random random, FrameSize source, bool nativeScale = false)
    {
        var (aspect, shortSide) = DrawFrame(random, StillShortSideMin, StillShortSideMax);
        return new StillPlan(aspect, Reframe(aspect, shortSide, source, evenSides: false, nativeScale), random.Next(JpegQualityMin, JpegQualityMax + 1));
    }

    /// <param name="nativeScale">A centred window of the output's size instead of a scaled crop (see <see cref="Reframe"/>).</param>
    public static ClipPlan ForClip(Random random, FrameSize source, bool nativeScale = false)
    {
        var (aspect, shortSide) = DrawFrame(random, ClipShortSideMin, ClipShortSideMax);
        var crf = random.Next(CrfMin, CrfMax + 1);
        var fps = FramesPerSecondChoices[random.Next(FramesPerSecondChoices.Count)];
        // Hundredths of a second, so the cap prints as it is applied.
        var cap = Math.Round(DurationCapMin + (random.NextDouble() * (DurationCapMax - DurationCapMin)), 2);
        return new ClipPlan(aspect, Reframe(aspect, shortSide, source, evenSides: true, nativeScale), crf, fps, cap);
    }

    /// <summary>
    /// The largest centred crop of <paramref name="aspect"/> inside <paramref name="source"/>, and the output of that aspect
    /// whose short side is <paramref name="shortSide"/> or the crop's own short side when that is smaller (no upscale).
    /// <paramref name="evenSides"/>: every side even, as yuv420p needs. <paramref name="nativeScale"/>: the same output size,
    /// but cut as a centred window of the source with no resize at all, so pixel-level traces (a generator's upsampling, a
    /// camera's demosaicing) survive at their own scale; the frame's size still says nothing, as every output is drawn alike.
    /// </summary>
    public static Reframing Reframe(AspectRatio aspect, int shortSide, FrameSize source, bool evenSides, bool nativeScale = false)
    {
        if (Math.Min(source.Width, source.Height) < MinSourceSide)
        {
            throw new ArgumentOutOfRangeException(nameof(source), source, $"each side must be at least {MinSourceSide} pixels");
        }

        int Even(int value) => evenSides ? value - (value % 2) : value;
        var wider = (long)source.Width * aspect.Height > (long)source.Height * aspect.Width;
        var crop = wider
            ? new FrameSize(Even((int)((long)source.Height * aspect.Width / aspect.Height)), Even(source.Height))
            : new FrameSize(Even(source.Width), Even((int)((long)source.Width * aspect.Height / aspect.Width)));
        var (cropShort, cropLong) = (Math.Min(crop.Width, crop.Height), Math.Max(crop.Width, crop.Height));
        var outShort = Even(Math.Min(shortSide, cropShort));
        var exactLong = (double)outShort * Math.Max(aspect.Width, aspect.Height) / Math.Min(aspect.Width, aspect.Height);
        var outLong = Math.Min(evenSides ? 2 * (int)Math.Round(exactLong / 2) : (int)Math.Round(exactLong), cropLong);
        var output = aspect.Width >= aspect.Height ? new FrameSize(outLong, outShort) : new FrameSize(outShort, outLong);
        return new Reframing(nativeScale ? output : crop, output);
    }

    private static (AspectRatio Aspect, int ShortSide) DrawFrame(Random random, int shortMin, int shortMax) =>
        (Aspects[random.Next(Aspects.Count)], random.Next(shortMin, shortMax + 1));
}
