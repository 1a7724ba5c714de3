using Verifier.Cli.Tests.Support;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Cli.Tests;

/// <summary>
/// <c>verifier sign</c>: what it signs is Trusted in c2pa-rs (the oracle), and it refuses, naming the rule, a CA
/// certificate as signer, a key that does not match the certificate, an output equal to the input, and a format it
/// cannot embed in.
/// </summary>
[TestClass]
public sealed class SignCommandTests
{
    private static readonly string Jpeg = Path.Combine(SharedFolder.Data, "real", "image", "facerec_alex_lacamoire.jpg");

    private static string Certs(string file) => Path.Combine(Oracle.Instance.Certs, file);

    [TestMethod]
    public void SignedJpegIsTrustedByC2paRsWithItsSourceType()
    {
        var output = Path.Combine(Oracle.TempDir(), "signed.jpg");
        var definition = Path.Combine(Oracle.TempDir(), "def.json");
        File.WriteAllText(definition, """
            {"claim_generator_info": [{"name": "Test Generator", "version": "1.2"}], "title": "A test",
             "assertions": [{"label": "stds.schema-org.CreativeWork", "data": {"@context": "https://schema.org", "@type": "CreativeWork"}, "kind": "Json"}]}
            """);
        var run = new CliRun().Run("sign", Jpeg, "-o", output, "--cert", Certs("es256/chain.pem"), "--key", Certs("es256/signer.key"),
            "--manifest", definition, "--source-type", "trainedAlgorithmicMedia");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        var verdict = Oracle.Instance.Verify(output, "--trust", Oracle.Instance.RootPem);
        Assert.AreEqual("Trusted", verdict["validation_state"]?.GetValue<string>(), verdict.ToJsonString());
        Assert.AreEqual("Test Generator/1.2", verdict["claim_generator"]?.GetValue<string>(), verdict.ToJsonString());
        Assert.AreEqual("A test", verdict["title"]?.GetValue<string>(), verdict.ToJsonString());
        CollectionAssert.Contains(verdict["assertions"]!.AsArray().Select(a => a!.GetValue<string>()).ToList(), "stds.schema-org.CreativeWork");
        StringAssert.Contains(verdict["digital_source_types"]!.ToJsonString(), "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia");
    }

    /// <summary>
    /// The whole chain a maker runs: <c>keys init</c>, then <c>sign --tsa</c> against a real RFC 3161 authority on
    /// loopback. c2pa-rs and Verifier both trust the signer and the time stamp.
    /// </summary>
    [TestMethod]
    public void DevelopmentKeysAndATimeStampAreTrustedByBoth()
    {
        var dir = Oracle.TempDir();
        var keys = Path.Combine(dir, "keys");
        Assert.AreEqual(0, new CliRun().Run("keys", "init", keys).ExitCode);
        var pki = Verifier.Provenance.Keys.DevelopmentPki.Create();
        using var tsa = Verifier.Provenance.TimeStamps.LocalTimeStampAuthority.Start(pki);
        File.WriteAllText(Path.Combine(dir, "anchors.pem"),
            File.ReadAllText(Path.Combine(keys, "root.pem")) + Pem(pki.Root.Certificate.GetEncoded()));
        var output = Path.Combine(dir, "stamped.jpg");

        var run = new CliRun().Run("sign", Jpeg, "-o", output, "--cert", Path.Combine(keys, "chain.pem"), "--key", Path.Combine(keys, "signer.key"),
            "--tsa", tsa.Url.ToString(), "--source-type", "digitalCapture");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        Assert.AreEqual(1, tsa.GrantedCount);
        var anchors = Path.Combine(dir, "anchors.pem");
        var theirs = Oracle.Instance.Verify(output, "--trust", anchors);
        var ours = Verifier.Provenance.Reader.Validate(output, new Verifier.Provenance.VerifyOptions { Trust = Verifier.Provenance.Certificates.TrustSettingsLoader.FromPemFiles(anchors) });
        Assert.AreEqual("Trusted", theirs["validation_state"]?.GetValue<string>(), theirs.ToJsonString());
        Assert.AreEqual(Verifier.Provenance.Validation.ValidationState.Trusted, ours.State);
        CollectionAssert.Contains(theirs["status"]!["success"]!.AsArray().Select(c => c!.GetValue<string>()).ToList(), "timeStamp.trusted");
        CollectionAssert.Contains(ours.Codes(Verifier.Provenance.Validation.StatusKind.Success).ToList(), "timeStamp.trusted");
    }

    private static string Pem(byte[] der) =>
        $"-----BEGIN CERTIFICATE-----\n{Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks)}\n-----END CERTIFICATE-----\n";

    /// <summary><c>--fragments GLOB --fragments-out DIR</c>: c2pa-rs trusts the signed init with each signed fragment.</summary>
    [TestMethod]
    public void SignedFragmentsAreTrustedByC2paRs()
    {
        var dir = Oracle.TempDir();
        var (init, fragments) = FragmentedClip.Split(dir, 3, 20_000);
        var output = Path.Combine(dir, "signed", "init.mp4");
        var fragmentsOut = Path.Combine(dir, "signed", "segments");

        var run = new CliRun().Run("sign", init, "-o", output, "--cert", Certs("es256/chain.pem"), "--key", Certs("es256/signer.key"),
            "--fragments", Path.Combine(dir, "seg*.m4s"), "--fragments-out", fragmentsOut);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, "3 fragments written to");
        foreach (var fragment in fragments)
        {
            var signed = Path.Combine(fragmentsOut, Path.GetFileName(fragment));
            var verdict = Oracle.Instance.Verify(output, "--trust", Oracle.Instance.RootPem, "--fragment", signed);
            Assert.AreEqual("Trusted", verdict["validation_state"]?.GetValue<string>(), verdict.ToJsonString());
        }
    }

    [TestMethod]
    public void FragmentsGlobThatMatchesNothingIsAUsageError()
    {
        var dir = Oracle.TempDir();
        var run = new CliRun().Run("sign", Jpeg, "-o", Path.Combine(dir, "out.mp4"), "--cert", Certs("es256/chain.pem"),
            "--key", Certs("es256/signer.key"), "--fragments", Path.Combine(dir, "none*.m4s"));
        Assert.AreEqual(64, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, "no file matches");
    }

    [TestMethod]
    public void CaCertificateAsSignerIsRefused()
    {
        var run = Sign(Path.Combine(Oracle.TempDir(), "out.jpg"), Certs("intermediate.pem"), Certs("intermediate.key"));
        Assert.AreEqual(2, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, "refused (certificate-profile)");
    }

    [TestMethod]
    public void KeyOfAnotherCertificateIsRefused()
    {
        var run = Sign(Path.Combine(Oracle.TempDir(), "out.jpg"), Certs("es256/chain.pem"), Certs("es384/signer.key"));
        Assert.AreEqual(2, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, "refused (key-mismatch)");
    }

    [TestMethod]
    public void OutputEqualToInputIsRefused()
    {
        var copy = Path.Combine(Oracle.TempDir(), "in.jpg");
        File.Copy(Jpeg, copy);
        var before = File.ReadAllBytes(copy);
        var run = SignFrom(copy, copy, Certs("es256/chain.pem"), Certs("es256/signer.key"));
        Assert.AreEqual(2, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, "refused (output-is-input)");
        CollectionAssert.AreEqual(before, File.ReadAllBytes(copy), "the input must be left untouched");
    }

    [TestMethod]
    public void FormatItCannotEmbedInIsRefused()
    {
        var output = Path.Combine(Oracle.TempDir(), "out.gif");
        var run = SignFrom(Path.Combine(SharedFolder.Data, "ai", "video", "lavie_teddy_street.gif"), output, Certs("es256/chain.pem"), Certs("es256/signer.key"));
        Assert.AreEqual(2, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, "refused (unsupported-format)");
        StringAssert.Contains(run.Error, "image/gif");
        Assert.IsFalse(File.Exists(output), "nothing is written when signing is refused");
    }

    [TestMethod]
    public void BrokenInputIsRefusedWithTheReaderError()
    {
        var dir = Oracle.TempDir();
        var truncated = Path.Combine(dir, "truncated.jpg");
        File.WriteAllBytes(truncated, File.ReadAllBytes(Jpeg)[..40]);
        var run = SignFrom(truncated, Path.Combine(dir, "out.jpg"), Certs("es256/chain.pem"), Certs("es256/signer.key"));
        Assert.AreEqual(2, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, "InvalidAsset");
        Assert.IsFalse(File.Exists(Path.Combine(dir, "out.jpg")));
    }

    [TestMethod]
    public void MalformedManifestDefinitionIsAUsageError()
    {
        var definition = Path.Combine(Oracle.TempDir(), "def.json");
        File.WriteAllText(definition, "{\"assertions\": [{\"label\": \"x\"}]}");
        var run = Sign(Path.Combine(Oracle.TempDir(), "out.jpg"), Certs("es256/chain.pem"), Certs("es256/signer.key"), "--manifest", definition);
        Assert.AreEqual(64, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, "each assertion needs a label and data");
    }

    [TestMethod]
    public void BenchSignPrintsThroughputAgainstSha256()
    {
        var run = new CliRun().Run("bench", "sign", Jpeg, "--cert", Certs("es256/chain.pem"), "--key", Certs("es256/signer.key"), "--runs", "1");
        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, "sha256 (.NET):");
        StringAssert.Contains(run.Output, "verifier sign:");
    }

    [TestMethod]
    public void UnknownSourceTypeTermIsAUsageError()
    {
        var run = Sign(Path.Combine(Oracle.TempDir(), "out.jpg"), Certs("es256/chain.pem"), Certs("es256/signer.key"), "--source-type", "madeUpTerm");
        Assert.AreEqual(64, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, "--source-type madeUpTerm");
    }

    private static CliRun Sign(string output, string cert, string key, params string[] more) => SignFrom(Jpeg, output, cert, key, more);

    private static CliRun SignFrom(string input, string output, string cert, string key, params string[] more) =>
        new CliRun().Run(["sign", input, "-o", output, "--cert", cert, "--key", key, .. more]);
}
