using Verifier.Cli.Tests.Support;
using Verifier.Provenance;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Validation;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Cli.Tests;

/// <summary>
/// <c>verifier sign --manifest DEF.json</c> with <c>ingredients</c>: paths are taken from the definition's folder, the
/// signed result is trusted by c2pa-rs and Verifier with the ingredients, their relationships and their (real,
/// ffmpeg/Skia-made) thumbnails; a bad definition is a usage error and a second parent a refusal, each naming the entry.
/// </summary>
[TestClass]
public sealed class SignIngredientsTests
{
    private static readonly string Jpeg = Path.Combine(SharedFolder.Data, "real", "image", "facerec_alex_lacamoire.jpg");
    private static readonly string Png = Path.Combine(SharedFolder.Data, "real", "image", "skimage_chelsea_orig.png");
    private static readonly string Clip = Path.Combine(SharedFolder.Data, "real", "video", "fomm_demo_10.mp4");

    [TestMethod]
    public void DefinitionIngredientsAreSignedAndTrustedByBoth()
    {
        var dir = Oracle.TempDir();
        Oracle.Instance.Sign(Jpeg, Path.Combine(dir, "parent.jpg"));
        Directory.CreateDirectory(Path.Combine(dir, "parts"));
        File.Copy(Png, Path.Combine(dir, "parts", "cat.png"));
        File.Copy(Clip, Path.Combine(dir, "parts", "reference.mp4"));
        var definition = Definition(dir, """
            {"title": "edited",
             "ingredients": [
               {"file_path": "parent.jpg", "relationship": "parentOf"},
               {"file_path": "parts/cat.png", "title": "the cat"},
               {"file_path": "parts/reference.mp4", "relationship": "inputTo"}
             ]}
            """);
        var output = Path.Combine(Oracle.TempDir(), "signed.jpg");

        var run = Sign(Path.Combine(dir, "parent.jpg"), output, "--manifest", definition);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        var theirs = Oracle.Instance.Verify(output, "--trust", Oracle.Instance.RootPem);
        var ours = Reader.Validate(output, new VerifyOptions { Trust = TrustSettingsLoader.FromPemFiles(Oracle.Instance.RootPem) });
        Assert.AreEqual("Trusted", theirs["validation_state"]?.GetValue<string>(), theirs.ToJsonString());
        Assert.AreEqual(ValidationState.Trusted, ours.State);
        var ingredients = theirs["ingredients"]!.AsArray();
        CollectionAssert.AreEqual(new[] { "parent.jpg", "the cat", "reference.mp4" }, ingredients.Select(i => i!["title"]!.GetValue<string>()).ToArray());
        CollectionAssert.AreEqual(new[] { "parentOf", "componentOf", "inputTo" },
            ours.Manifests[^1].Ingredients.Select(i => i.Relationship).ToArray());
        CollectionAssert.IsSubsetOf(new[] { "c2pa.thumbnail.claim", "c2pa.thumbnail.ingredient", "c2pa.thumbnail.ingredient__1", "c2pa.thumbnail.ingredient__2" },
            theirs["assertions"]!.AsArray().Select(a => a!.GetValue<string>()).ToList(), theirs["assertions"]!.ToJsonString());
    }

    [TestMethod]
    [DataRow("""{"ingredients": [{"file_path": "nowhere/missing.png"}]}""", "ingredients[0]: file")]
    [DataRow("""{"ingredients": [{"title": "x", "relationship": "partOf"}]}""", "ingredients[0]: unknown relationship")]
    [DataRow("""{"ingredients": [{"title": "x", "relationship": "parentOf"}, {"title": "y", "relationship": "parentOf"}]}""", "ingredients[1]: a second parentOf")]
    public void BadIngredientIsAUsageErrorNamingTheEntry(string json, string message)
    {
        var output = Path.Combine(Oracle.TempDir(), "out.jpg");
        var run = Sign(Jpeg, output, "--manifest", Definition(Oracle.TempDir(), json));
        Assert.AreEqual(64, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, message);
        Assert.IsFalse(File.Exists(output));
    }

    [TestMethod]
    public void ParentOptionWithADefinedParentIsRefused()
    {
        var dir = Oracle.TempDir();
        var parent = Path.Combine(dir, "parent.jpg");
        Oracle.Instance.Sign(Jpeg, parent);
        var run = Sign(Jpeg, Path.Combine(dir, "out.jpg"), "--parent", parent,
            "--manifest", Definition(dir, """{"ingredients": [{"file_path": "parent.jpg", "relationship": "parentOf"}]}"""));
        Assert.AreEqual(2, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, "refused (bad-ingredient)");
        StringAssert.Contains(run.Error, "ingredients[0]");
    }

    private static string Definition(string dir, string json)
    {
        var path = Path.Combine(dir, "def.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static CliRun Sign(string input, string output, params string[] more) =>
        new CliRun().Run(["sign", input, "-o", output, "--cert", Path.Combine(Oracle.Instance.Certs, "es256", "chain.pem"),
            "--key", Path.Combine(Oracle.Instance.Certs, "es256", "signer.key"), .. more]);
}
