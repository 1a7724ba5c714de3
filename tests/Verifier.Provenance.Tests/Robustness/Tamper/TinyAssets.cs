using Verifier.Provenance.Tests.Support;

namespace Verifier.Provenance.Tests.Robustness.Tamper;

/// <summary>
/// Very small real assets (a few hundred bytes to a few kB) made by ffmpeg from its lavfi test sources, so that a test can
/// afford to flip every byte of them.
/// </summary>
internal static class TinyAssets
{
    /// <summary>Makes a tiny file of type <paramref name="ext"/> (jpg, png, webp, mp4, mov, m4a, avif, heic) in a fresh test folder.</summary>
    public static string Make(string ext)
    {
        if (ext == "heic")
        {
            return ImageInputs.Make("heic", "16x16");
        }

        string[] args = ext switch
        {
            "jpg" or "png" or "webp" => ["-f", "lavfi", "-i", "testsrc=size=16x16:rate=1", "-frames:v", "1"],
            "avif" => ["-f", "lavfi", "-i", "testsrc=size=16x16:rate=1", "-frames:v", "1", "-c:v", "libaom-av1", "-still-picture", "1"],
            // One tiny H.264 frame; the encoder's settings text (SEI) is dropped so the file stays small.
            "mp4" or "mov" => ["-f", "lavfi", "-i", "testsrc=size=16x16:rate=1", "-frames:v", "1", "-c:v", "libx264", "-x264-params", "no-info=1",
                "-pix_fmt", "yuv420p"],
            "m4a" => ["-f", "lavfi", "-i", "sine=frequency=440:duration=0.05", "-c:a", "aac", "-b:a", "16k"],
            _ => throw new ArgumentOutOfRangeException(nameof(ext), ext, "no tiny asset of this type"),
        };
        return FfmpegRun.Make("tiny." + ext, [.. args, "-map_metadata", "-1"]);
    }
}
