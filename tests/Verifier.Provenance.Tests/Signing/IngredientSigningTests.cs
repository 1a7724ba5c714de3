using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Verifier.Provenance.Signing;
using Verifier.Provenance.Tests.Interop;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Signing;

/// <summary>
/// The manifest definition's <c>ingredients</c>: a c2pa-rs-signed parent, an unsigned component, an unsigned input and
/// a metadata-only input are recorded so that c2pa-rs (the oracle) and Verifier both trust the file with the same codes,
/// list the ingredients with their relationships, see a thumbnail for each file ingredient and the <c>c2pa.opened</c> /
/// <c>c2pa.placed</c> actions naming them; a tampered signed ingredient shows up as the same ingredient delta in both.
/// </summary>
[TestClass]
public sealed class IngredientSigningTests
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> OracleSigned = new();
    private static readonly byte[] ThumbnailJpeg = File.ReadAllBytes(Path.Combine(SharedFolder.Data, "ai", "image", "kandinsky_bear.jpeg"));
    private static readonly string Reference = Path.Combine(SharedFolder.Data, "ai", "image", "dalle_dalle8_orig.jpeg");

    [TestMethod]
    [DataRow("jpg")]
    [DataRow("mp4")]
    public void DefinedIngredientsAreTrustedInBoth(string ext)
    {
        var dir = Oracle.TempDir();
        var parent = SignedByOracle(ext);
        File.Copy(parent, Path.Combine(dir, "parent." + ext));
        Directory.CreateDirectory(Path.Combine(dir, "parts"));
        File.Copy(SignedBy.Png, Path.Combine(dir, "parts", "logo.png"));
        var definition = ManifestDefinition.Parse($$"""
            {"title": "with ingredients",
             "ingredients": [
               {"file_path": "parent.{{ext}}", "title": "the parent", "relationship": "parentOf"},
               {"file_path": "parts/logo.png", "relationship": "componentOf"},
               {"file_path": "{{Reference}}", "title": "reference", "relationship": "inputTo"},
               {"title": "the prompt", "format": "text/plain", "relationship": "inputTo"}
             ]}
            """, dir);
        var maker = new FixedThumbnail(new Thumbnail("image/jpeg", ThumbnailJpeg));
        var signed = Sign(SignedBy.Input(ext), Path.Combine(dir, "signed." + ext), definition, maker);

        var expected = Oracle.Instance.Verify(signed, "--trust", Oracle.Instance.RootPem, "--raw");
        var actual = Reader.Validate(signed, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });
        Agreement.AssertSame(signed, expected, actual);
        Assert.AreEqual("Trusted", expected["validation_state"]?.GetValue<string>(), expected.ToJsonString());

        var parentLabel = Oracle.Instance.Verify(parent)["active_manifest"]!.GetValue<string>();
        string[] titles = ["the parent", "logo.png", "reference", "the prompt"];
        string[] relationships = ["parentOf", "componentOf", "inputTo", "inputTo"];
        var theirs = expected["ingredients"]!.AsArray();
        CollectionAssert.AreEqual(titles, theirs.Select(i => i!["title"]!.GetValue<string>()).ToArray(), expected.ToJsonString());
        CollectionAssert.AreEqual(relationships, theirs.Select(i => i!["relationship"]!.GetValue<string>()).ToArray());
        Assert.AreEqual(parentLabel, theirs[0]!["manifest"]?.GetValue<string>());
        Assert.IsTrue(theirs.Skip(1).All(i => i!["manifest"] is null), "only the parent carries a manifest");
        var ours = actual.Manifests[^1].Ingredients;
        CollectionAssert.AreEqual(titles, ours.Select(i => i.Title).ToArray(), Agreement.Describe(actual));
        CollectionAssert.AreEqual(relationships, ours.Select(i => i.Relationship).ToArray());
        Assert.AreEqual(parentLabel, ours[0].Manifest);
        Assert.AreEqual(2, actual.Manifests.Count, "the parent's manifest is carried into the new store");

        // A thumbnail for each file ingredient (made from that file), none for the metadata-only one.
        CollectionAssert.AreEquivalent(new[] { Path.Combine(dir, "parent." + ext), Path.Combine(dir, "parts", "logo.png"), Reference, SignedBy.Input(ext) },
            maker.Calls.Select(c => c.Path).ToArray());
        CollectionAssert.IsSubsetOf(new[] { "c2pa.thumbnail.ingredient", "c2pa.thumbnail.ingredient__1", "c2pa.thumbnail.ingredient__2" },
            expected["assertions"]!.AsArray().Select(a => a!.GetValue<string>()).ToList(), expected["assertions"]!.ToJsonString());
        var raw = ActiveRawManifest(expected);
        var rawIngredients = raw["ingredients"]!.AsArray();
        CollectionAssert.AreEqual(new[] { true, true, true, false }, rawIngredients.Select(i => i!["thumbnail"] is not null).ToArray(), rawIngredients.ToJsonString());

        // c2pa.opened names the parent and c2pa.placed the component (c2pa-rs checks which ingredient each names).
        var actions = raw["assertions"]!.AsArray().Single(a => a!["label"]!.GetValue<string>().StartsWith("c2pa.actions", StringComparison.Ordinal))!;
        CollectionAssert.AreEqual(new[] { "c2pa.opened", "c2pa.placed" },
            actions["data"]!["actions"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()).ToArray(), actions.ToJsonString());
    }

    /// <summary>
    /// A component whose manifest was tampered with before it was taken in: validating it fails, and that failure is
    /// recorded in the ingredient's <c>validationResults</c> (as c2pa-rs reads it back); both validators agree that
    /// the new manifest is still trusted, the known failure being no delta.
    /// </summary>
    [TestMethod]
    [DataRow("assertion", "assertion.hashedURI.mismatch")]
    [DataRow("signature", "claimSignature.mismatch")]
    public void TamperedIngredientHasItsFailureRecorded(string mode, string failure)
    {
        var dir = Oracle.TempDir();
        var tampered = Path.Combine(dir, "tampered.png");
        Oracle.Instance.Tamper(SignedByOracle("png"), tampered, mode);
        var definition = ManifestDefinition.Parse("""{"ingredients": [{"file_path": "tampered.png", "relationship": "componentOf"}]}""", dir);
        var signed = Sign(SignedBy.Jpeg, Path.Combine(dir, "signed.jpg"), definition, thumbnails: null);

        var expected = Oracle.Instance.Verify(signed, "--trust", Oracle.Instance.RootPem, "--raw");
        var actual = Reader.Validate(signed, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });
        Agreement.AssertSame(signed, expected, actual);
        var recorded = ActiveRawManifest(expected)["ingredients"]![0]!["validation_results"]!["activeManifest"]!["failure"];
        CollectionAssert.Contains(Agreement.Codes(recorded).ToList(), failure, recorded?.ToJsonString());
    }

    /// <summary>
    /// A signed component's manifest tampered with after signing, inside the new store: c2pa-rs and Verifier both report
    /// the same failures as that ingredient's delta.
    /// </summary>
    [TestMethod]
    public void IngredientTamperedInTheStoreShowsAsTheSameDeltaInBoth()
    {
        var dir = Oracle.TempDir();
        File.Copy(SignedByOracle("png"), Path.Combine(dir, "part.png"));
        var definition = ManifestDefinition.Parse("""{"ingredient_paths": ["part.png"]}""", dir);
        var signed = Sign(SignedBy.Jpeg, Path.Combine(dir, "signed.jpg"), definition, thumbnails: null);
        Assert.AreEqual(ValidationState.Trusted, Reader.Validate(signed, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) }).State);

        // The carried manifest comes first in the store; its actions name the oracle's software agent before its claim does.
        var bytes = File.ReadAllBytes(signed);
        var at = bytes.AsSpan().IndexOf("c2pa-ref-harness"u8);
        Assert.IsTrue(at > 0);
        bytes[at + 15] ^= 0x01;
        var tampered = Path.Combine(dir, "tampered.jpg");
        File.WriteAllBytes(tampered, bytes);

        var expected = Oracle.Instance.Verify(tampered, "--trust", Oracle.Instance.RootPem);
        var actual = Reader.Validate(tampered, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });
        Agreement.AssertSame(tampered, expected, actual);
        Assert.AreNotEqual(0, actual.IngredientDeltas.SelectMany(d => d.Failure).Count(), Agreement.Describe(actual));
    }

    /// <summary>
    /// A defined <c>c2pa.placed</c> naming its component by <c>ingredientIds</c> (the ingredient's label), as c2pa-rs
    /// definitions do: the id becomes the ingredient's hashed URI, and no second, automatic placed action is added.
    /// </summary>
    [TestMethod]
    public void DefinedActionNamesItsIngredientById()
    {
        var dir = Oracle.TempDir();
        File.Copy(SignedBy.Png, Path.Combine(dir, "logo.png"));
        var definition = ManifestDefinition.Parse("""
            {"ingredients": [{"file_path": "logo.png", "label": "logo"}],
             "assertions": [{"label": "c2pa.actions", "data": {"actions": [
               {"action": "c2pa.created", "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"},
               {"action": "c2pa.placed", "description": "the logo", "parameters": {"ingredientIds": ["logo"]}}]}}]}
            """, dir);
        var signed = Sign(SignedBy.Jpeg, Path.Combine(dir, "signed.jpg"), definition, thumbnails: null);

        var expected = Oracle.Instance.Verify(signed, "--trust", Oracle.Instance.RootPem, "--raw");
        var actual = Reader.Validate(signed, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });
        Agreement.AssertSame(signed, expected, actual);
        Assert.AreEqual("Trusted", expected["validation_state"]?.GetValue<string>(), expected.ToJsonString());
        var actions = ActiveRawManifest(expected)["assertions"]!.AsArray()
            .Single(a => a!["label"]!.GetValue<string>().StartsWith("c2pa.actions", StringComparison.Ordinal))!["data"]!["actions"]!.AsArray();
        var placed = actions.Where(a => a!["action"]!.GetValue<string>() == "c2pa.placed").ToList();
        Assert.AreEqual(1, placed.Count, actions.ToJsonString());
        Assert.AreEqual("the logo", placed[0]!["description"]?.GetValue<string>());
        Assert.AreEqual("self#jumbf=c2pa.assertions/c2pa.ingredient.v3",
            placed[0]!["parameters"]!["ingredients"]!.AsArray().Single()!["url"]!.GetValue<string>());
    }

    [TestMethod]
    public void ActionNamingAnUnknownIngredientIdIsRefused()
    {
        var dir = Oracle.TempDir();
        var definition = ManifestDefinition.Parse("""
            {"ingredients": [{"title": "a sketch", "label": "sketch"}],
             "assertions": [{"label": "c2pa.actions", "data": {"actions": [{"action": "c2pa.placed", "parameters": {"ingredientIds": ["logo"]}}]}}]}
            """, dir);
        var output = Path.Combine(dir, "signed.jpg");
        var e = Assert.ThrowsExactly<SigningRefusedException>(() => Sign(SignedBy.Jpeg, output, definition, thumbnails: null));
        Assert.AreEqual(RefusalRule.BadIngredient, e.Rule);
        StringAssert.Contains(e.Message, "\"logo\"");
        Assert.IsFalse(File.Exists(output));
    }

    [TestMethod]
    public void NoThumbnailMakerMeansNoIngredientThumbnail()
    {
        var dir = Oracle.TempDir();
        File.Copy(SignedBy.Png, Path.Combine(dir, "logo.png"));
        var definition = ManifestDefinition.Parse("""{"ingredient_paths": ["logo.png"]}""", dir);
        var signed = Sign(SignedBy.Jpeg, Path.Combine(dir, "signed.jpg"), definition, thumbnails: null);

        var expected = Oracle.Instance.Verify(signed, "--trust", Oracle.Instance.RootPem);
        Assert.AreEqual("Trusted", expected["validation_state"]?.GetValue<string>(), expected.ToJsonString());
        Assert.AreEqual("componentOf", expected["ingredients"]![0]!["relationship"]!.GetValue<string>());
        Assert.IsFalse(expected["assertions"]!.AsArray().Any(a => a!.GetValue<string>().StartsWith("c2pa.thumbnail", StringComparison.Ordinal)),
            expected["assertions"]!.ToJsonString());
    }

    [TestMethod]
    [DataRow("""{"ingredients": [{"file_path": "missing.png"}]}""", "ingredients[0]: file")]
    [DataRow("""{"ingredients": [{"title": "a", "relationship": "siblingOf"}]}""", "ingredients[0]: unknown relationship \"siblingOf\"")]
    [DataRow("""{"ingredients": [{"title": "a", "relationship": "parentOf"}, {"title": "b", "relationship": "parentOf"}]}""",
        "ingredients[1]: a second parentOf ingredient (ingredients[0] is the parent)")]
    [DataRow("""{"ingredients": [{"relationship": "inputTo"}]}""", "ingredients[0]: needs a file_path, or a title")]
    [DataRow("""{"ingredients": [{"file_path": "."}]}""", "is a folder, not a file")]
    [DataRow("""{"ingredients": {"title": "a"}}""", "ingredients must be an array")]
    [DataRow("""{"ingredient_paths": [3]}""", "ingredient_paths[0]: must be a file path")]
    public void BadDefinitionsNameTheEntry(string json, string message)
    {
        var e = Assert.ThrowsExactly<FormatException>(() => ManifestDefinition.Parse(json, Oracle.TempDir()));
        StringAssert.Contains(e.Message, message);
    }

    /// <summary>An ingredient file whose manifest store cannot be parsed is refused, naming the entry, and nothing is written.</summary>
    [TestMethod]
    public void UnreadableIngredientIsRefused()
    {
        var dir = Oracle.TempDir();
        var broken = Path.Combine(dir, "broken.png");
        Oracle.Instance.Tamper(SignedByOracle("png"), broken, "claim");
        CorruptStore(broken);
        var definition = ManifestDefinition.Parse("""{"ingredient_paths": ["broken.png"]}""", dir);
        var output = Path.Combine(dir, "signed.jpg");

        var e = Assert.ThrowsExactly<SigningRefusedException>(() => Sign(SignedBy.Jpeg, output, definition, thumbnails: null));
        Assert.AreEqual(RefusalRule.BadIngredient, e.Rule);
        StringAssert.Contains(e.Message, "ingredient_paths[0]");
        Assert.IsFalse(File.Exists(output));
    }

    [TestMethod]
    public void ParentOptionAndADefinedParentAreRefused()
    {
        var dir = Oracle.TempDir();
        File.Copy(SignedBy.Png, Path.Combine(dir, "logo.png"));
        var definition = ManifestDefinition.Parse("""{"ingredients": [{"file_path": "logo.png", "relationship": "parentOf"}]}""", dir);
        var e = Assert.ThrowsExactly<SigningRefusedException>(() => Builder.Sign(new SignRequest
        {
            InputPath = SignedBy.Jpeg,
            OutputPath = Path.Combine(dir, "signed.jpg"),
            Signer = SignedBy.Signer("es256"),
            ParentPath = SignedByOracle("jpg"),
            Definition = definition,
        }));
        Assert.AreEqual(RefusalRule.BadIngredient, e.Rule);
        StringAssert.Contains(e.Message, "ingredients[0]");
    }

    private static string Sign(string input, string output, ManifestDefinition definition, IThumbnailMaker? thumbnails)
    {
        Builder.Sign(new SignRequest
        {
            InputPath = input,
            OutputPath = output,
            Signer = SignedBy.Signer("es256"),
            DigitalSourceType = DigitalSourceTypes.Resolve("trainedAlgorithmicMedia"),
            ParentTrust = TestTrust.Anchors(Oracle.Instance.RootPem),
            Definition = definition,
            Thumbnails = thumbnails,
        });
        return output;
    }

    private static string SignedByOracle(string ext) => OracleSigned.GetOrAdd(ext, e => new Lazy<string>(() =>
    {
        var signed = Path.Combine(Oracle.TempDir(), "oracle." + e);
        Oracle.Instance.Sign(SignedBy.Input(e), signed);
        return signed;
    })).Value;

    private static JsonNode ActiveRawManifest(JsonNode verdict) =>
        verdict["raw"]!["manifests"]![verdict["active_manifest"]!.GetValue<string>()]!;

    /// <summary>Overwrites the JUMBF description box type of the store's first manifest, which no reader can parse.</summary>
    private static void CorruptStore(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var at = bytes.AsSpan().IndexOf("c2pa.claim"u8);
        Assert.IsTrue(at > 0);
        bytes.AsSpan(at - 64, 128).Fill(0xFF);
        File.WriteAllBytes(path, bytes);
    }
}
