using Verifier.Provenance.Certificates;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Provenance.Tests.Interop;

/// <summary>
/// Files that c2pa-rs signs (through the oracle), and tampered variants of them: Verifier must reach the same state and
/// the same failure codes as c2pa-rs does on each.
/// </summary>
[TestClass]
public sealed class OracleSignedTests
{
    private static readonly string Jpeg = Path.Combine(SharedFolder.Data, "real", "image", "facerec_alex_lacamoire.jpg");
    private static readonly string Png = Path.Combine(SharedFolder.Data, "real", "image", "skimage_chelsea_orig.png");
    private static readonly string Mp4 = Path.Combine(SharedFolder.Data, "real", "video", "fomm_demo_10.mp4");
    private static readonly string WebP = SharedFolder.Fixture("test.webp");
    private static readonly string Avif = SharedFolder.Fixture("sample1.avif");

    public static IEnumerable<object[]> SignCases()
    {
        foreach (var (input, ext) in new[] { (Jpeg, "jpg"), (Png, "png"), (Mp4, "mp4") })
        {
            yield return [input, ext, ""];
            yield return [input, ext, "--tsa"];
            yield return [input, ext, "--der-signature"];
            yield return [input, ext, "--certs certs/expired"];
            yield return [input, ext, "--certs certs/expired --tsa"];
            yield return [input, ext, "--certs certs/es384 --alg es256"];
            foreach (var alg in new[] { "es384", "es512", "ps256", "ps384", "ps512", "ed25519" })
            {
                yield return [input, ext, "--alg " + alg];
            }
        }

        yield return [Jpeg, "jpg", "--filler 150000"];
        yield return [Png, "png", "--filler 150000"];
        yield return [Mp4, "mp4", "--filler 150000"];
        yield return [Mp4, "mov", ""];
        yield return [Mp4, "m4a", "--tsa"];
        yield return [WebP, "webp", ""];
        yield return [WebP, "webp", "--tsa"];
        yield return [Avif, "avif", ""];
    }

    [TestMethod]
    [DynamicData(nameof(SignCases))]
    public void SignedByC2paRsAgrees(string input, string ext, string options)
    {
        var dir = Oracle.TempDir();
        var signed = Path.Combine(dir, "signed." + ext);
        Oracle.Instance.Sign(input, signed, Split(options));
        AssertAgrees(signed);
    }

    public static IEnumerable<object[]> TamperCases()
    {
        foreach (var (input, ext) in new[] { (Jpeg, "jpg"), (Png, "png"), (Mp4, "mp4"), (WebP, "webp") })
        {
            // tamper.mjs edits media data of JPEG, PNG and BMFF only.
            foreach (var mode in ext == "webp" ? ["signature", "assertion", "claim"] : new[] { "data", "signature", "assertion", "claim" })
            {
                yield return [input, ext, mode];
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(TamperCases))]
    public void TamperedAgrees(string input, string ext, string mode)
    {
        var dir = Oracle.TempDir();
        var signed = Path.Combine(dir, "signed." + ext);
        var tampered = Path.Combine(dir, "tampered." + ext);
        Oracle.Instance.Sign(input, signed, "--tsa");
        Oracle.Instance.Tamper(signed, tampered, mode);
        AssertAgrees(tampered);
    }

    public static IEnumerable<object[]> ProvenanceChainCases()
    {
        foreach (var (input, ext) in new[] { (Jpeg, "jpg"), (Png, "png"), (Mp4, "mp4") })
        {
            yield return [input, ext, "--parent"];
            yield return [input, ext, "--update"];
            yield return [input, ext, "--parent --redact org.c2pa-ref.filler"];
        }

        yield return [WebP, "webp", "--update"];
    }

    /// <summary>A file signed, then signed again with the first as parent (or an update manifest).</summary>
    [TestMethod]
    [DynamicData(nameof(ProvenanceChainCases))]
    public void ParentChainsAgree(string input, string ext, string options)
    {
        var dir = Oracle.TempDir();
        var first = Path.Combine(dir, "first." + ext);
        var second = Path.Combine(dir, "second." + ext);
        Oracle.Instance.Sign(input, first, "--filler", "2000");
        Oracle.Instance.Sign(first, second, Split(options));
        AssertAgrees(second);
    }

    public static IEnumerable<object[]> IngredientCases()
    {
        yield return ["--tsa", "none"];
        yield return ["--certs certs/expired", "none"];
        yield return ["", "data"];
        yield return ["", "signature"];
        yield return ["", "claim"];
    }

    /// <summary>A component ingredient (signed as given, possibly broken afterwards) placed into a new JPEG.</summary>
    [TestMethod]
    [DynamicData(nameof(IngredientCases))]
    public void ComponentIngredientsAgree(string ingredientOptions, string tamper)
    {
        var dir = Oracle.TempDir();
        var ingredient = Path.Combine(dir, "ingredient.png");
        Oracle.Instance.Sign(Png, ingredient, Split(ingredientOptions));
        if (tamper != "none")
        {
            var broken = Path.Combine(dir, "broken.png");
            Oracle.Instance.Tamper(ingredient, broken, tamper);
            ingredient = broken;
        }

        var composite = Path.Combine(dir, "composite.jpg");
        Oracle.Instance.Sign(Jpeg, composite, "--ingredient", ingredient);
        AssertAgrees(composite);
    }

    /// <summary>A parent whose own manifest was broken before it was opened: the new signer records that, c2pa-rs forgives it.</summary>
    [TestMethod]
    public void BrokenParentRecordedByItsSignerAgrees()
    {
        var dir = Oracle.TempDir();
        var parent = Path.Combine(dir, "parent.jpg");
        var broken = Path.Combine(dir, "broken.jpg");
        var child = Path.Combine(dir, "child.jpg");
        Oracle.Instance.Sign(Jpeg, parent);
        Oracle.Instance.Tamper(parent, broken, "data");
        Oracle.Instance.Sign(broken, child, "--parent");
        AssertAgrees(child);
    }

    [TestMethod]
    public void UntrustedRootIsValidNotTrusted()
    {
        var dir = Oracle.TempDir();
        var signed = Path.Combine(dir, "signed.jpg");
        Oracle.Instance.Sign(Jpeg, signed);
        var otherRoot = Path.Combine(Oracle.Instance.Certs, "other-root.pem");
        var expected = Oracle.Instance.Verify(signed, "--trust", otherRoot);
        var actual = Reader.Validate(signed, new VerifyOptions { Trust = TestTrust.Anchors(otherRoot) });
        Agreement.AssertSame(signed, expected, actual);
        Assert.AreEqual(Validation.ValidationState.Valid, actual.State);
    }

    [TestMethod]
    public void WithoutAnchorsAGoodFileIsValid()
    {
        var dir = Oracle.TempDir();
        var signed = Path.Combine(dir, "signed.png");
        Oracle.Instance.Sign(Png, signed, "--tsa");
        Agreement.AssertSame(signed, Oracle.Instance.Verify(signed), Reader.Validate(signed));
    }

    [TestMethod]
    public void SidecarStoreValidatesAgainstItsAsset()
    {
        var dir = Oracle.TempDir();
        var asset = Path.Combine(dir, "asset.jpg");
        Oracle.Instance.Sign(Jpeg, asset, "--sidecar");
        var sidecar = Path.Combine(dir, "asset.c2pa");
        var actual = Reader.Validate(asset, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem), ExternalManifestPath = sidecar });
        var expected = Oracle.Instance.Verify(asset, "--trust", Oracle.Instance.RootPem, "--external-manifest", sidecar);
        Assert.AreEqual(expected["external_manifest"]!["validation_state_with_asset"]!.GetValue<string>(), actual.State.ToString(),
            Agreement.Describe(actual));
    }

    [TestMethod]
    public void RemoteOnlyManifestIsUnreachableNotMissing()
    {
        var dir = Oracle.TempDir();
        var asset = Path.Combine(dir, "remote.jpg");
        Oracle.Instance.Sign(Jpeg, asset, "--sidecar", "--remote", "https://example.invalid/m.c2pa");
        File.Delete(Path.Combine(dir, "remote.c2pa"));
        var actual = Reader.Validate(asset);
        Assert.AreEqual(Validation.ValidationState.Unreadable, actual.State);
        Assert.AreEqual(Validation.ReadError.RemoteManifestFetch, actual.ErrorKind);
        StringAssert.Contains(actual.Error, "https://example.invalid/m.c2pa");
    }

    private static void AssertAgrees(string file)
    {
        var expected = Oracle.Instance.Verify(file, "--trust", Oracle.Instance.RootPem);
        var actual = Reader.Validate(file, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });
        Agreement.AssertSame(file, expected, actual);
    }

    private static string[] Split(string options) =>
        options.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(o => o.StartsWith("certs/", StringComparison.Ordinal) ? Path.Combine(Oracle.Instance.Dir, o) : o)
            .ToArray();
}
