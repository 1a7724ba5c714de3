using SkiaSharp;
using Verifier.Detector.Model;
using Verifier.Detector.Reports;

namespace Verifier.Detector.Tests.Reports;

/// <summary>Scan outcomes built by hand for the report tests, with small key-frame JPEGs drawn and encoded by Skia.</summary>
internal static class ReportOutcomes
{
    public const string ClipSha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    public const string ImageSha256 = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
    public const string ModelSha256 = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
    public const string HostileName = "<script>document.title='pwned'</script>.mp4";
    public const string HostileGenerator = "<script>alert('generator')</script><img src=x onerror=alert(1)>";

    public static readonly double[] ClipSegmentScores = [0.10, 0.35, 0.60, 0.85, 0.95];

    public static readonly ModelCard Card = new(
        "tiny-test-detector", "0.0.1", ModelCard.LayoutNchw, 3, 8, 1,
        new Normalisation([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]),
        new Calibration(2.0),
        new DecisionThresholds(0.3, 0.7),
        [
            new FamilyFigures("real-camera", 1200, new Dictionary<string, double>()),
            new FamilyFigures("sd-1.5", 800, new Dictionary<string, double> { ["auc"] = 0.97 }),
        ],
        [new FamilyFigures("sora", 56, new Dictionary<string, double> { ["auc"] = 0.81, ["tprAt1PctFpr"] = 0.42 })]);

    public static readonly ProvenanceEvidence Trusted = new()
    {
        ValidationState = "Trusted",
        DigitalSourceTypes = ["http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"],
        Signer = new ProvenanceSigner("Verifier Test Signer", "Verifier Tests", "Verifier Test Intermediate", "Es256",
            new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero)),
        ClaimGenerator = "Verifier/0.1.0",
        ActiveManifest = "urn:c2pa:11111111-2222-3333-4444-555555555555",
    };

    public static readonly ProvenanceEvidence NoManifest = new() { ValidationState = "NoManifest", DigitalSourceTypes = [] };

    public static readonly ProvenanceEvidence Unreadable = new()
    {
        ValidationState = "Unreadable",
        DigitalSourceTypes = [],
        Error = "JUMBF box at offset 1234 runs past the end of the file",
    };

    /// <summary>A 5 s, 320x240 clip: one segment per second, one frame per segment with 4 tiles, pictures of 3 frames at half size.</summary>
    public static ScanOutcome Clip(ProvenanceEvidence provenance, string file = "clips/harbour.mp4", double probabilityOfAi = 0.87, string verdict = "ai")
    {
        var segments = ClipSegmentScores.Select((p, i) => new SegmentScore(i, i + 1, p)).ToList();
        var frames = ClipSegmentScores.Select((p, i) => new FrameScore(i + 0.5, p, Quadrants(320, 240, p))).ToList();
        var pictures = new[] { 0, 2, 4 }.Select(i => Picture(frames[i].TimeSeconds, 320, 240, 0.5, i)).ToList();
        var report = Report(file, ClipSha256, MediaTypes.Video, probabilityOfAi, verdict, segments, frames, provenance,
            new MediaFacts(320, 240, 5.0, 25, "h264", HasAudio: false));
        return new ScanOutcome(report, pictures, Card);
    }

    /// <summary>A 640x480 photo scored as one frame of 6 tiles; its picture is a quarter of the size.</summary>
    public static ScanOutcome Image(ProvenanceEvidence provenance)
    {
        var tiles = new List<TileResult>();
        for (var row = 0; row < 2; row++)
        {
            for (var column = 0; column < 3; column++)
            {
                tiles.Add(new TileResult(column * 200 + 20, row * 220 + 20, 192, 192, 0.05 + 0.03 * (row * 3 + column)));
            }
        }

        var report = Report("photos/market.jpg", ImageSha256, MediaTypes.Image, 0.12, "real", [], [new FrameScore(0, 0.12, tiles)],
            provenance, new MediaFacts(640, 480, 0, 0, "jpeg", HasAudio: false));
        return new ScanOutcome(report, [Picture(0, 640, 480, 0.25, 7)], Card);
    }

    private static ScanReport Report(
        string file, string sha256, string mediaType, double probabilityOfAi, string verdict, IReadOnlyList<SegmentScore> segments,
        IReadOnlyList<FrameScore> frames, ProvenanceEvidence provenance, MediaFacts media) => new()
    {
        File = file,
        Sha256 = sha256,
        MediaType = mediaType,
        ProbabilityOfAi = probabilityOfAi,
        Verdict = verdict,
        Segments = segments,
        Frames = frames,
        Provenance = provenance,
        Model = new ModelIdentity(Card.Name, Card.Version, ModelSha256),
        Tool = new ToolIdentity("verifier", "0.1.0"),
        AnalyzedAt = new DateTimeOffset(2026, 11, 22, 20, 15, 42, TimeSpan.Zero),
        TimingMs = 1234.5,
        Media = media,
        StagesMs = new Dictionary<string, double> { ["probe"] = 40, ["decode"] = 700, ["score"] = 450, ["provenance"] = 12 },
    };

    /// <summary>Four tiles, one per quadrant of a width x height frame, scored around <paramref name="p"/>.</summary>
    private static List<TileResult> Quadrants(int width, int height, double p) =>
    [
        new(0, 0, width / 2, height / 2, Math.Clamp(p - 0.1, 0, 1)),
        new(width / 2, 0, width / 2, height / 2, p),
        new(0, height / 2, width / 2, height / 2, Math.Clamp(p + 0.05, 0, 1)),
        new(width / 2, height / 2, width / 2, height / 2, Math.Clamp(p + 0.1, 0, 1)),
    ];

    /// <summary>A JPEG of the native frame scaled by <paramref name="scale"/>: a gradient with a disc, different per seed.</summary>
    private static ReportPicture Picture(double time, int nativeWidth, int nativeHeight, double scale, int seed)
    {
        var (width, height) = ((int)Math.Round(nativeWidth * scale), (int)Math.Round(nativeHeight * scale));
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint())
        {
            paint.Shader = SKShader.CreateLinearGradient(
                new SKPoint(0, 0), new SKPoint(width, height),
                [new SKColor((byte)(40 * seed), 90, 160), new SKColor(230, 200, (byte)(25 * seed))], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, width, height, paint);
            paint.Shader = null;
            paint.Color = SKColors.White;
            canvas.DrawCircle(width * (0.3f + 0.1f * (seed % 4)), height * 0.5f, height * 0.25f, paint);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 85);
        return new ReportPicture(time, width, height, scale, data.ToArray());
    }
}
