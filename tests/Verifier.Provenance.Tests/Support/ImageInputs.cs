namespace Verifier.Provenance.Tests.Support;

/// <summary>
/// Small WebP, AVIF and HEIC inputs made from ffmpeg's lavfi test source (HEIC encoded by libheif, as ffmpeg here writes no
/// HEIF), and their pixels as ffmpeg decodes them.
/// </summary>
internal static class ImageInputs
{
    /// <summary>
    /// A 64x48 image: <c>webp</c> (lossy VP8), <c>webpl</c> (lossless VP8L, written as .webp), <c>avif</c> (AV1 still) or
    /// <c>heic</c> (HEVC).
    /// </summary>
    public static string Make(string kind, string size = "64x48") => kind switch
    {
        "webp" => FfmpegRun.Make("lossy.webp", "-f", "lavfi", "-i", $"testsrc2=s={size}", "-frames:v", "1", "-c:v", "libwebp"),
        "webpl" => FfmpegRun.Make("lossless.webp", "-f", "lavfi", "-i", $"testsrc2=s={size}", "-frames:v", "1", "-c:v", "libwebp", "-lossless", "1"),
        "avif" => FfmpegRun.Make("still.avif", "-f", "lavfi", "-i", $"testsrc2=s={size}", "-frames:v", "1", "-c:v", "libaom-av1", "-still-picture", "1"),
        "heic" => Heic(size),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no image input of this kind"),
    };

    private static string Heic(string size)
    {
        var rgb = FfmpegRun.Make("still.rgb", "-f", "lavfi", "-i", $"testsrc2=s={size}", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24");
        var heic = Path.ChangeExtension(rgb, ".heic");
        var wh = size.Split('x').Select(int.Parse).ToArray();
        HeicWriter.WriteHeic(heic, wh[0], wh[1], File.ReadAllBytes(rgb));
        return heic;
    }

    /// <summary>The first frame as packed RGB24, decoded by ffmpeg (an independent decoder of the container and codec).</summary>
    public static byte[] Pixels(string path) => FfmpegRun.Decode(path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24");
}
