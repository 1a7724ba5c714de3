using System.Text;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Tests.Interop;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Formats;

/// <summary>
/// GIF, SVG, FLAC, JPEG XL and PDF files signed by c2pa-rs (the oracle): the handler finds the store exactly where c2pa-rs's
/// data hash excluded it, and Verifier reaches c2pa-rs's verdict on the signed file, on a re-signed (update) file, on a
/// remote-reference file, and after a byte of media data is changed.
/// </summary>
[TestClass]
public sealed class MoreFormatsInteropTests
{
    [TestMethod]
    [DataRow("gif", "image/gif", typeof(GifHandler))]
    [DataRow("svg", "image/svg+xml", typeof(SvgHandler))]
    [DataRow("flac", "audio/flac", typeof(FlacHandler))]
    [DataRow("jxl", "image/jxl", typeof(JpegXlHandler))]
    [DataRow("pdf", "application/pdf", typeof(PdfHandler))]
    public void LocatesTheStoreWhereC2paRsExcludedIt(string ext, string mediaType, Type handlerType)
    {
        var signed = FormatInputs.Signed(ext, FormatInputs.Input(ext));
        using var stream = File.OpenRead(signed);
        var handler = AssetHandlers.Detect(stream);

        Assert.IsInstanceOfType(handler, handlerType);
        Assert.AreEqual(mediaType, handler.MediaType(stream));
        var located = handler.Locate(stream);
        Assert.AreEqual("c2pa", JumbfReader.ParseStore(located.Store!.Value).ContentType);
        var (manifest, hash) = SignedSamples.Assertion(located.Store.Value, "c2pa.hash.data");
        var exclusions = hash["exclusions"]!.Items.Select(e => new ByteRange(e["start"]!.Int64!.Value, e["length"]!.Int64!.Value)).ToList();
        CollectionAssert.AreEquivalent(exclusions, located.StoreRanges.ToList(), manifest);
    }

    [TestMethod]
    [DataRow("gif")]
    [DataRow("svg")]
    [DataRow("flac")]
    [DataRow("jxl")]
    [DataRow("pdf")]
    public void SignedByC2paRsAgrees(string ext)
    {
        var signed = FormatInputs.Signed(ext, FormatInputs.Input(ext), "--tsa");

        var result = AssertAgrees(signed);

        Assert.AreEqual(ValidationState.Trusted, result.State, Agreement.Describe(result));
    }

    /// <summary>
    /// c2pa-rs's update manifest: the parent's hard binding covers the asset. c2pa-rs finds it intact for GIF, SVG and
    /// JPEG XL and (its own writer's behaviour) mismatched for FLAC and PDF; Verifier must say the same.
    /// </summary>
    [TestMethod]
    [DataRow("gif")]
    [DataRow("svg")]
    [DataRow("jxl")]
    [DataRow("flac")]
    [DataRow("pdf")]
    public void UpdateManifestAgrees(string ext)
    {
        var first = FormatInputs.Signed(ext, FormatInputs.Input(ext), "--filler", "2000");
        var second = Path.Combine(Path.GetDirectoryName(first)!, "second." + ext);
        Oracle.Instance.Sign(first, second, "--update");

        AssertAgrees(second);
    }

    [TestMethod]
    [DataRow("gif")]
    [DataRow("svg")]
    [DataRow("flac")]
    [DataRow("jxl")]
    [DataRow("pdf")]
    public void RemoteReferenceIsReadAndTheEmbeddedStoreAgrees(string ext)
    {
        var signed = FormatInputs.Signed(ext, FormatInputs.Input(ext), "--remote", SignedSamples.RemoteUrl);

        Assert.AreEqual(SignedSamples.RemoteUrl, SignedSamples.Locate(signed).RemoteUrl);
        AssertAgrees(signed);
    }

    [TestMethod]
    [DataRow("gif")]
    [DataRow("svg")]
    [DataRow("flac")]
    [DataRow("jxl")]
    [DataRow("pdf")]
    public void TamperedMediaDataAgreesAndIsInvalid(string ext)
    {
        var signed = FormatInputs.Signed(ext, FormatInputs.Input(ext));
        var bytes = File.ReadAllBytes(signed);
        int at = ext switch
        {
            "gif" => bytes.Length - 3, // the image's last LZW data byte, before the sub-block terminator and trailer
            "svg" => Encoding.UTF8.GetString(bytes).IndexOf("fill=\"red\"", StringComparison.Ordinal) + 7,
            "pdf" => Encoding.ASCII.GetString(bytes).IndexOf("0 0 1 rg", StringComparison.Ordinal), // the page content
            _ => bytes.Length - 1, // FLAC frame data, JPEG XL codestream
        };
        bytes[at] ^= 0x01;
        File.WriteAllBytes(signed, bytes);

        var result = AssertAgrees(signed);

        Assert.AreEqual(ValidationState.Invalid, result.State);
        CollectionAssert.Contains(result.Codes(StatusKind.Failure).ToList(), ValidationCodes.AssertionDataHashMismatch);
    }

    /// <summary>lopdf keeps a cross-reference stream (and unpacks the object stream) when c2pa-rs signs such a PDF.</summary>
    [TestMethod]
    public void APdfWithCrossReferenceAndObjectStreamsAgrees()
    {
        var signed = FormatInputs.Signed("pdf", FormatInputs.PdfWithXrefStream(), "--tsa");

        var result = AssertAgrees(signed);

        Assert.AreEqual(ValidationState.Trusted, result.State, Agreement.Describe(result));
        StringAssert.Contains(File.ReadAllText(signed, Encoding.Latin1), "/XRef", "the signed file still uses a cross-reference stream");
    }

    /// <summary>Unsigned, the catalog sits inside the object stream: it must be read there to tell "no manifest".</summary>
    [TestMethod]
    public void AnUnsignedPdfWithObjectStreamsHasNoManifestAsInC2paRs()
    {
        var file = SignedSamples.NewPath("unsigned.pdf");
        File.WriteAllBytes(file, FormatInputs.PdfWithXrefStream());

        var result = AssertAgrees(file);

        Assert.AreEqual(ValidationState.NoManifest, result.State, Agreement.Describe(result));
    }

    private static ValidationResult AssertAgrees(string file)
    {
        var expected = Oracle.Instance.Verify(file, "--trust", Oracle.Instance.RootPem);
        var actual = Reader.Validate(file, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });
        Agreement.AssertSame(file, expected, actual);
        return actual;
    }
}
