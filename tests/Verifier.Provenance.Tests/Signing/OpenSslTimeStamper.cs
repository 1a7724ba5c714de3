using System.Diagnostics;
using Verifier.Provenance.Signing;

namespace Verifier.Provenance.Tests.Signing;

/// <summary>
/// A local RFC 3161 authority for tests: <c>openssl ts</c> with the oracle's TEST-ONLY TSA certificate, as the oracle's
/// <c>lib/tsa.mjs</c> does. It exercises the COSE writer's <c>sigTst2</c> seam until the real client lands.
/// </summary>
internal sealed class OpenSslTimeStamper(string certDir) : ITimeStamper
{
    public byte[] Stamp(ReadOnlySpan<byte> data)
    {
        var dir = Support.Oracle.TempDir();
        File.WriteAllBytes(Path.Combine(dir, "data.bin"), data.ToArray());
        File.WriteAllText(Path.Combine(dir, "serial"), "01\n");
        File.WriteAllText(Path.Combine(dir, "tsa.cnf"), $"""
            [ tsa ]
            default_tsa = tsa1
            [ tsa1 ]
            dir = {dir}
            serial = {Path.Combine(dir, "serial")}
            crypto_device = builtin
            signer_cert = {Path.Combine(certDir, "tsa.pem")}
            certs = {Path.Combine(certDir, "tsa-chain.pem")}
            signer_key = {Path.Combine(certDir, "tsa.key")}
            signer_digest = sha256
            default_policy = 1.3.6.1.4.1.99999.1
            digests = sha256
            accuracy = secs:1
            ordering = yes
            tsa_name = yes
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256
            """);
        OpenSsl(dir, "ts", "-query", "-data", "data.bin", "-sha256", "-cert", "-out", "req.tsq");
        OpenSsl(dir, "ts", "-reply", "-config", "tsa.cnf", "-queryfile", "req.tsq", "-token_out", "-out", "token.der");
        return File.ReadAllBytes(Path.Combine(dir, "token.der"));
    }

    private static void OpenSsl(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("openssl") { WorkingDirectory = dir, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("openssl could not be started");
        var err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', args)} failed: {err}");
        }
    }
}
