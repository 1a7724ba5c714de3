using Verifier.Provenance.Cose;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Provenance.Tests.Keys;

/// <summary>
/// <c>--signer-cmd</c> with the example script (ExampleSigner/example-signer.mjs, under Node) and with broken signer
/// programs: each failure names the command and the problem.
/// </summary>
[TestClass]
public sealed class CommandClaimSignerTests
{
    private static readonly string Example = FindExample();

    [TestMethod]
    [DataRow(CoseAlgorithm.Es256)]
    [DataRow(CoseAlgorithm.Ps256)]
    [DataRow(CoseAlgorithm.Ed25519)]
    public void ExampleScriptSignsWithItsKey(CoseAlgorithm alg)
    {
        var dir = KeyLoaderTests.Written(alg);

        var signer = CommandClaimSigner.Start($"node {Quote(Example)} {Quote(dir)} {alg.CliName()} http://127.0.0.1:1/tsa");

        Assert.AreEqual(alg, signer.Algorithm);
        Assert.AreEqual(2, signer.CertificateChain.Count);
        Assert.AreEqual(new Uri("http://127.0.0.1:1/tsa"), signer.TimeStampAuthority);
        KeyLoaderTests.AssertVerifies(signer, new byte[5000]);
    }

    [TestMethod]
    public void C2patoolSignCertSpellingIsAccepted()
    {
        var dir = KeyLoaderTests.Written(CoseAlgorithm.Es256);
        var chain = File.ReadAllText(Path.Combine(dir, "chain.pem"));
        var info = System.Text.Json.JsonSerializer.Serialize(new { alg = "es256", sign_cert = chain });
        File.WriteAllText(Path.Combine(dir, "info.json"), info);
        var script = Script(dir, $"""
            if [ "$1" = "--signer-info" ]; then exec cat {Quote(Path.Combine(dir, "info.json"))}; fi
            exec node {Quote(Example)} {Quote(dir)} es256
            """);

        var signer = CommandClaimSigner.Start(script);

        Assert.IsNull(signer.TimeStampAuthority);
        KeyLoaderTests.AssertVerifies(signer, [9, 8, 7]);
    }

    [TestMethod]
    public void SignatureFromAnotherKeyIsRefused()
    {
        var dir = KeyLoaderTests.Written(CoseAlgorithm.Es256);
        var other = KeyLoaderTests.Written(DevelopmentPki.Create(CoseAlgorithm.Es256));
        File.Copy(Path.Combine(other, "signer.key"), Path.Combine(dir, "signer.key"), overwrite: true);

        var signer = CommandClaimSigner.Start($"node {Quote(Example)} {Quote(dir)}");
        var e = Assert.ThrowsExactly<SignerException>(() => signer.Sign([1, 2, 3]));

        StringAssert.Contains(e.Message, "does not verify with its certificate");
    }

    [TestMethod]
    public void DerEcdsaSignatureIsRefusedWithAHint()
    {
        var dir = KeyLoaderTests.Written(CoseAlgorithm.Es256);
        var script = Script(dir, $"""
            if [ "$1" = "--signer-info" ]; then exec node {Quote(Example)} {Quote(dir)} es256 --signer-info; fi
            exec openssl dgst -sha256 -sign {Quote(Path.Combine(dir, "signer.key"))}
            """);

        var signer = CommandClaimSigner.Start(script);
        var e = Assert.ThrowsExactly<SignerException>(() => signer.Sign([1, 2, 3]));

        StringAssert.Contains(e.Message, "DER-encoded");
    }

    [TestMethod]
    public void ExitStatusAndStderrAreSurfaced()
    {
        var script = Script(Oracle.TempDir(), "echo 'KMS said: access denied' >&2\nexit 3");

        var e = Assert.ThrowsExactly<SignerException>(() => CommandClaimSigner.Start(script));

        StringAssert.Contains(e.Message, "exit status 3");
        StringAssert.Contains(e.Message, "KMS said: access denied");
    }

    [TestMethod]
    public void HungSignerTimesOut()
    {
        var script = Script(Oracle.TempDir(), "sleep 30");

        var e = Assert.ThrowsExactly<SignerException>(() => CommandClaimSigner.Start(script, TimeSpan.FromSeconds(1)));

        StringAssert.Contains(e.Message, "did not finish within 1 s");
    }

    [TestMethod]
    [DataRow("echo not json", "is not JSON")]
    [DataRow("echo '{\"certificate_chain\": \"x\"}'", "has no \"alg\"")]
    [DataRow("echo '{\"alg\": \"rs256\", \"certificate_chain\": \"x\"}'", "names alg 'rs256'")]
    [DataRow("echo '{\"alg\": \"es256\"}'", "has no \"certificate_chain\"")]
    [DataRow("echo '{\"alg\": \"es256\", \"certificate_chain\": \"junk\"}'", "no PEM CERTIFICATE")]
    public void BadSignerInfoIsRefused(string body, string expected)
    {
        var e = Assert.ThrowsExactly<SignerException>(() => CommandClaimSigner.Start(Script(Oracle.TempDir(), body)));

        StringAssert.Contains(e.Message, "--signer-info");
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void AlgorithmThatDoesNotFitTheCertificateIsRefused()
    {
        var dir = KeyLoaderTests.Written(CoseAlgorithm.Es256);

        var e = Assert.ThrowsExactly<SignerException>(() => CommandClaimSigner.Start($"node {Quote(Example)} {Quote(dir)} es512"));

        StringAssert.Contains(e.Message, "does not fit");
    }

    private static string Script(string dir, string body)
    {
        var path = Path.Combine(dir, "signer.sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        return "sh " + Quote(path);
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string FindExample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Verifier.Provenance.Tests", "Keys", "ExampleSigner", "example-signer.mjs");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("example-signer.mjs was not found above the test binaries");
    }
}
