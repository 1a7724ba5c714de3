using System.Text;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Signing;
using Verifier.Provenance.Store;
using Verifier.Provenance.Tests.Interop;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Signing;

/// <summary>
/// A <see cref="SignRequest.Thumbnails"/> maker puts a claim thumbnail into the manifest as c2pa-rs writes one (an
/// embedded-file assertion <c>c2pa.thumbnail.claim</c>, salted and listed in <c>created_assertions</c>): c2pa-rs and
/// Verifier both trust the file with the same codes; without a maker there is none.
/// </summary>
[TestClass]
public sealed class ThumbnailSigningTests
{
    private const string ThumbnailLabel = "c2pa.thumbnail.claim";

    // Any JPEG will do: Provenance embeds what the maker hands it (Verifier.Media makes the real ones; the CLI tests cover those).
    private static readonly byte[] JpegBytes = File.ReadAllBytes(Path.Combine(SharedFolder.Data, "ai", "image", "stylegan3_teaser_face1.jpg"));

    [TestMethod]
    [DataRow("jpg")]
    [DataRow("png")]
    [DataRow("mp4")]
    public void ThumbnailIsEmbeddedAndTrustedInBoth(string ext)
    {
        var maker = new FixedThumbnail(new Thumbnail("image/jpeg", JpegBytes));
        var signed = Sign(ext, maker);

        Assert.AreEqual(1, maker.Calls.Count);
        Assert.AreEqual(SignedBy.Input(ext), maker.Calls[0].Path);
        StringAssert.StartsWith(maker.Calls[0].MediaType, ext == "mp4" ? "video/" : "image/");
        var expected = Oracle.Instance.Verify(signed, "--trust", Oracle.Instance.RootPem);
        var actual = Reader.Validate(signed, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });
        Agreement.AssertSame(signed, expected, actual);
        Assert.AreEqual("Trusted", expected["validation_state"]?.GetValue<string>(), expected.ToJsonString());
        CollectionAssert.AreEquivalent(Agreement.Codes(expected["status"]?["success"]).Distinct().ToList(),
            actual.Codes(StatusKind.Success).Distinct().ToList(), Agreement.Describe(actual));
        CollectionAssert.Contains(expected["assertions"]!.AsArray().Select(a => a!.GetValue<string>()).ToList(), ThumbnailLabel);

        var thumbnail = ActiveManifest(signed).Assertion(ThumbnailLabel);
        Assert.IsNotNull(thumbnail);
        Assert.AreEqual(JumbfUuids.EmbeddedFile, thumbnail.ContentType);
        CollectionAssert.AreEqual(JpegBytes, thumbnail.Data.ToArray());
        var description = thumbnail.Box.Children.Single(c => c.Type == "bfdb").Payload.ToArray();
        CollectionAssert.AreEqual(new byte[] { 0 }.Concat(Encoding.ASCII.GetBytes("image/jpeg\0")).ToArray(), description);
        Assert.IsNotNull(thumbnail.Box.Description!.PrivateBox, "the thumbnail is salted like the other assertions");
    }

    [TestMethod]
    public void NoMakerMeansNoThumbnail()
    {
        var signed = Sign("jpg", maker: null);
        Assert.IsNull(ActiveManifest(signed).Assertion(ThumbnailLabel));
    }

    [TestMethod]
    public void MakerThatGivesNothingMeansNoThumbnail()
    {
        var signed = Sign("png", new FixedThumbnail(null));
        Assert.IsNull(ActiveManifest(signed).Assertion(ThumbnailLabel));
        Assert.AreEqual(ValidationState.Trusted,
            Reader.Validate(signed, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) }).State);
    }

    private static string Sign(string ext, IThumbnailMaker? maker)
    {
        var signed = Path.Combine(Oracle.TempDir(), "thumb." + ext);
        Builder.Sign(new SignRequest
        {
            InputPath = SignedBy.Input(ext),
            OutputPath = signed,
            Signer = SignedBy.Signer("es256"),
            DigitalSourceType = DigitalSourceTypes.Resolve("trainedAlgorithmicMedia"),
            Thumbnails = maker,
        });
        return signed;
    }

    private static Manifest ActiveManifest(string file)
    {
        using var stream = File.OpenRead(file);
        return ManifestStore.Parse(Provenance.Formats.AssetHandlers.Detect(stream)!.Locate(stream).Store!.Value).Active!;
    }
}
