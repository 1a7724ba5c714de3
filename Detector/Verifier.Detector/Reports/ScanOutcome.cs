using Verifier.Detector.Model;

namespace Verifier.Detector.Reports;

/// <summary>
/// A scan's report with what the HTML page shows besides it: small JPEG pictures of key frames (thumbnails and the
/// backgrounds of the tile heatmaps) and the card of the model that scored. The JSON object is <see cref="Report"/> alone.
/// </summary>
public sealed record ScanOutcome(ScanReport Report, IReadOnlyList<ReportPicture> Pictures, ModelCard Card);

/// <summary>
/// A downscaled JPEG of the frame at <see cref="TimeSeconds"/> (an entry of <see cref="ScanReport.Frames"/>).
/// <see cref="Scale"/> maps the frame's native pixels (the tiles' coordinates) onto the picture's: picture = native * scale.
/// </summary>
public sealed record ReportPicture(double TimeSeconds, int Width, int Height, double Scale, byte[] Jpeg);
