namespace Verifier.Detector.Reports.Html;

/// <summary>
/// A report picture with its data: URI (encoded once, shown twice), the scored frame it shows when found, and how captions
/// name it: "the image" for a still, its time for a clip's frame.
/// </summary>
internal sealed record KeyFrame(int Index, ReportPicture Picture, string DataUri, FrameScore? Frame, string Label)
{
    // Pictures are taken at the frames' own times; the tolerance only absorbs rounding.
    private const double SameTimeSeconds = 1e-3;

    public string Anchor => $"frame-{Index}";

    public static IReadOnlyList<KeyFrame> Match(ScanOutcome outcome)
    {
        var still = outcome.Report.MediaType == MediaTypes.Image;
        return outcome.Pictures.Select((picture, i) => new KeyFrame(
            i,
            picture,
            "data:image/jpeg;base64," + Convert.ToBase64String(picture.Jpeg),
            outcome.Report.Frames
                .Where(f => Math.Abs(f.TimeSeconds - picture.TimeSeconds) <= SameTimeSeconds)
                .MinBy(f => Math.Abs(f.TimeSeconds - picture.TimeSeconds)),
            still ? "the image" : $"{HtmlText.Number(picture.TimeSeconds, "0.00")} s"))
            .ToList();
    }
}
