using Verifier.Provenance.Keys;
using Verifier.Provenance.Signing;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Provenance.Tests.Signing;

/// <summary>Signs test inputs with Verifier's Builder, using the oracle's TEST-ONLY certificates for each algorithm.</summary>
internal static class SignedBy
{
    public static readonly string Jpeg = Path.Combine(SharedFolder.Data, "real", "image", "facerec_alex_lacamoire.jpg");
    public static readonly string Png = Path.Combine(SharedFolder.Data, "real", "image", "skimage_chelsea_orig.png");
    public static readonly string Mp4 = Path.Combine(SharedFolder.Data, "real", "video", "fomm_demo_10.mp4");
    public static readonly string Webp = SharedFolder.Fixture("test.webp");
    public static readonly string Avif = SharedFolder.Fixture("sample1.avif");

    public static string Input(string ext) => ext switch
    {
        "jpg" => Jpeg,
        "png" => Png,
        "webp" => Webp,
        "avif" => Avif,
        _ => Mp4,
    };

    /// <summary>The oracle's chain + key for <paramref name="alg"/> (es256, es384, ..., ed25519).</summary>
    public static IClaimSigner Signer(string alg)
    {
        var dir = Path.Combine(Oracle.Instance.Certs, alg);
        return KeyLoader.Load(new KeySource(Path.Combine(dir, "signer.key"), Path.Combine(dir, "chain.pem"), KeyAlgorithms.Parse(alg)));
    }

    public static SignResult Sign(string input, string output, string alg = "es256", string? parent = null, ManifestDefinition? definition = null,
        ITimeStamper? timeStamper = null) =>
        Builder.Sign(new SignRequest
        {
            InputPath = input,
            OutputPath = output,
            Signer = Signer(alg),
            TimeStamper = timeStamper,
            DigitalSourceType = DigitalSourceTypes.Resolve("trainedAlgorithmicMedia"),
            ParentPath = parent,
            ParentTrust = TestTrust.Anchors(Oracle.Instance.RootPem),
            Definition = definition ?? new ManifestDefinition(),
        });
}
