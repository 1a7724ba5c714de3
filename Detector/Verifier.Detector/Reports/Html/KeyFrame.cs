namespace Verifier.Detector.Reports.Html;

/// <summary>A report picture with its data: URI (encoded once, shown twice) and the scored frame it shows, when found.</summary>
internal sealed record KeyFrame(int Index, ReportPicture Picture, string DataUri, FrameScore? Frame)
{
    // Pictures are taken at the frames' own times; the tolerance only absorbs rounding.
    private const double SameTimeSeconds = 1e-3;

    public string Anchor => $"frame-{Index}";

    public static IReadOnlyList<KeyFrame> Match(ScanOutcome outcome) =>
        outcome.Pictures.Select((picture, i) => new KeyFrame(
            i,
            picture,
            "data:image/jpeg;base64," + Convert.ToBase64String(picture.Jpeg),
            outcome.Report.Frames
                .Where(f => Math.Abs(f.TimeSeconds - picture.TimeSeconds) <= SameTimeSeconds)
                .MinBy(f => Math.Abs(f.TimeSeconds - picture.TimeSeconds))))
            .ToList();
}
