using Verifier.Media;

namespace Verifier.Detector.Training.Evaluation;

/// <summary>
/// One cell of the robustness grid (detection.md §5.3): what it does to a clip (ffmpeg, <see cref="VideoEdit"/>) and to a
/// still (Skia, <see cref="ImageEdit"/>), applied alike to real and AI files. A condition that names no edit for a kind
/// leaves those files out of its cell: a JPEG quality means nothing to a clip, a CRF nothing to a photo.
/// </summary>
public sealed record RobustnessCondition(string Name, VideoEdit? Video, ImageEdit? Image)
{
    /// <summary>The CRF of conditions whose point is a resize or a blur: high enough quality that the encode adds little.</summary>
    public const int TransparentCrf = 18;

    /// <summary>
    /// The grid after the original: re-encodes, downscales, JPEG qualities, blur, and a social-media chain. The most common
    /// platform treatments come first, so the progress of a long run that is cut short already holds the telling cells.
    /// </summary>
    public static IReadOnlyList<RobustnessCondition> Grid { get; } =
    [
        new("h264 crf 28", new VideoEdit(28), null),
        new("jpeg q75", null, new ImageEdit { JpegQualities = [75] }),
        // A re-shared upload: 720p at 30 fps and CRF 30, then encoded once more; a photo resized, saved at q75, then at q85.
        new("social chain", new VideoEdit(30) { MaxHeight = 720, FramesPerSecond = 30, Passes = 2 }, new ImageEdit { MaxHeight = 720, JpegQualities = [75, 85] }),
        new("480p", new VideoEdit(TransparentCrf) { MaxHeight = 480 }, new ImageEdit { MaxHeight = 480 }),
        new("jpeg q90", null, new ImageEdit { JpegQualities = [90] }),
        new("jpeg q50", null, new ImageEdit { JpegQualities = [50] }),
        new("h264 crf 35", new VideoEdit(35), null),
        new("h264 crf 23", new VideoEdit(23), null),
        new("720p", new VideoEdit(TransparentCrf) { MaxHeight = 720 }, new ImageEdit { MaxHeight = 720 }),
        new("blur sigma 1", new VideoEdit(TransparentCrf) { BlurSigma = 1 }, new ImageEdit { BlurSigma = 1 }),
    ];

    /// <summary>Which media types the condition changes: <c>video</c>, <c>image</c> or <c>video+image</c>.</summary>
    public string AppliesTo => (Video, Image) switch
    {
        (not null, not null) => "video+image",
        (not null, null) => "video",
        _ => "image",
    };

    /// <summary>
    /// Writes the degraded copy of <paramref name="path"/> as <paramref name="stem"/> plus an extension and returns its path;
    /// null when the condition leaves this kind of file alone. A still is what Skia reads as one picture, as the scanner decides.
    /// </summary>
    public async Task<string?> ApplyAsync(string path, string stem, VideoTranscoder transcoder, CancellationToken cancellation)
    {
        if (ImageDecoder.StillFormat(path) is not null)
        {
            if (Image is null)
            {
                return null;
            }

            var copy = stem + (Image.JpegQualities.Count > 0 ? ".jpg" : ".png");
            ImageTranscoder.Write(path, copy, Image);
            return copy;
        }

        if (Video is null)
        {
            return null;
        }

        await transcoder.TranscodeAsync(path, stem + ".mp4", Video, cancellation).ConfigureAwait(false);
        return stem + ".mp4";
    }
}
