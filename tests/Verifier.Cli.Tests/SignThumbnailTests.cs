using SkiaSharp;
using Verifier.Cli.Tests.Support;
using Verifier.Provenance;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Store;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Cli.Tests;

/// <summary>
/// <c>verifier sign</c> embeds a size-capped JPEG claim thumbnail by default (a big photo, a PNG, an AVIF, a HEIC, an
/// MP4's or an AVI's first frame): c2pa-rs and Verifier both trust the result with the same codes and list <c>c2pa.thumbnail.claim</c>;
/// <c>--no-thumbnail</c> leaves it out.
/// </summary>
[TestClass]
public sealed class SignThumbnailTests
{
    private const string ThumbnailLabel = "c2pa.thumbnail.claim";
    private const int MaxLongSide = 1024;
    private const int MaxBytes = 256 * 1024;

    [TestMethod]
    [DataRow("image/exifsamples_jolla_orig.jpg", 3264, 2448)]
    [DataRow("image/skimage_chelsea_orig.png", 451, 300)]
    [DataRow("video/fomm_demo_10.mp4", 256, 256)]
    [DataRow("made:still.avif", 64, 48)]
    [DataRow("made:still.heic", 64, 48)]
    [DataRow("made:clip.avi", 64, 48)]
    public void DefaultSigningEmbedsACappedJpegThumbnailTrustedByBoth(string input, int width, int height)
    {
        var signed = Sign(input);

        var theirs = Oracle.Instance.Verify(signed, "--trust", Oracle.Instance.RootPem);
        var ours = Reader.Validate(signed, new VerifyOptions { Trust = TrustSettingsLoader.FromPemFiles(Oracle.Instance.RootPem) });
        Assert.AreEqual("Trusted", theirs["validation_state"]?.GetValue<string>(), theirs.ToJsonString());
        Assert.AreEqual(ValidationState.Trusted, ours.State);
        CollectionAssert.AreEquivalent(Codes(theirs["status"]?["success"]), ours.Codes(StatusKind.Success).Distinct().ToList(), theirs.ToJsonString());
        CollectionAssert.AreEquivalent(Codes(theirs["status"]?["informational"]), ours.Codes(StatusKind.Informational).Distinct().ToList(), theirs.ToJsonString());
        CollectionAssert.Contains(theirs["assertions"]!.AsArray().Select(a => a!.GetValue<string>()).ToList(), ThumbnailLabel);

        var jpeg = ActiveManifest(signed).Assertion(ThumbnailLabel)!.Data.ToArray();
        Assert.IsTrue(jpeg.Length <= MaxBytes, $"{jpeg.Length} bytes");
        using var codec = SKCodec.Create(new SKMemoryStream(jpeg));
        Assert.IsNotNull(codec, "the thumbnail decodes");
        Assert.AreEqual(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
        var longSide = Math.Max(codec.Info.Width, codec.Info.Height);
        Assert.AreEqual(Math.Min(MaxLongSide, Math.Max(width, height)), longSide, $"{codec.Info.Width}x{codec.Info.Height}");
        Assert.AreEqual((double)width / height, (double)codec.Info.Width / codec.Info.Height, 0.02, "the aspect ratio is kept");
    }

    [TestMethod]
    public void NoThumbnailLeavesItOut()
    {
        var signed = Sign("image/skimage_chelsea_orig.png", "--no-thumbnail");

        var theirs = Oracle.Instance.Verify(signed, "--trust", Oracle.Instance.RootPem);
        Assert.AreEqual("Trusted", theirs["validation_state"]?.GetValue<string>(), theirs.ToJsonString());
        CollectionAssert.DoesNotContain(theirs["assertions"]!.AsArray().Select(a => a!.GetValue<string>()).ToList(), ThumbnailLabel);
        Assert.IsNull(ActiveManifest(signed).Assertion(ThumbnailLabel));
    }

    /// <summary>A fragmented MP4's init segment has no frame to show: signing goes on without a thumbnail and says why.</summary>
    [TestMethod]
    public void AssetWithoutAPictureIsSignedWithoutAThumbnailAndAWarning()
    {
        var dir = Oracle.TempDir();
        var (init, _) = FragmentedClip.Split(dir, 2, 20_000);
        var output = Path.Combine(dir, "signed", "init.mp4");
        var certs = Oracle.Instance.Certs;

        var run = new CliRun().Run("sign", init, "-o", output, "--cert", Path.Combine(certs, "es256/chain.pem"),
            "--key", Path.Combine(certs, "es256/signer.key"), "--fragments", Path.Combine(dir, "seg*.m4s"));

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, "warning: no thumbnail");
        Assert.IsNull(ActiveManifest(output).Assertion(ThumbnailLabel));
    }

    /// <summary>Signs a file of <c>../shared/data/real</c>, or with <c>made:NAME</c> a small one made here (AVIF and HEIC: read through libheif).</summary>
    private static string Sign(string input, params string[] more)
    {
        var output = Path.Combine(Oracle.TempDir(), "signed" + Path.GetExtension(input));
        var certs = Oracle.Instance.Certs;
        var path = input.StartsWith("made:", StringComparison.Ordinal) ? Made(input["made:".Length..]) : Path.Combine(SharedFolder.Data, "real", input);
        var run = new CliRun().Run(["sign", path, "-o", output,
            "--cert", Path.Combine(certs, "es256/chain.pem"), "--key", Path.Combine(certs, "es256/signer.key"), .. more]);
        Assert.AreEqual(0, run.ExitCode, run.Error);
        Assert.AreEqual("", run.Error, "no thumbnail warning");
        return output;
    }

    private static string Made(string name) => name switch
    {
        "still.avif" => ImageInputs.Make("avif"),
        "still.heic" => ImageInputs.Make("heic"),
        _ => FfmpegRun.Make(name, "-f", "lavfi", "-i", "testsrc2=s=64x48:r=5:d=0.6", "-c:v", "mjpeg"),
    };

    private static List<string> Codes(System.Text.Json.Nodes.JsonNode? list) =>
        (list?.AsArray() ?? []).Select(c => c is System.Text.Json.Nodes.JsonValue v ? v.GetValue<string>() : c!["code"]!.GetValue<string>()).Distinct().ToList();

    private static Manifest ActiveManifest(string file)
    {
        using var stream = File.OpenRead(file);
        return ManifestStore.Parse(Provenance.Formats.AssetHandlers.Detect(stream)!.Locate(stream).Store!.Value).Active!;
    }
}
