using Verifier.Provenance.Cose;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Tests.Keys;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.TimeStamps;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.TimeStamps;

/// <summary>
/// c2pa-rs accepts the loopback TSA's tokens as sigTst2: a copy of the oracle whose time stamper asks the
/// <see cref="LocalTimeStampAuthority"/> over HTTP (request by <c>openssl ts -query</c>, transport by curl) signs a
/// JPEG; c2pa-rs and Verifier both report it Trusted with a trusted time stamp.
/// </summary>
[TestClass]
public sealed class LocalTsaInteropTests
{
    private const string HttpTsaShim = """
        // Test shim: sign.mjs --tsa asks the HTTP TSA in TSA_URL instead of running `openssl ts -reply`.
        import { spawnSync } from 'node:child_process';
        import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
        import { tmpdir } from 'node:os';
        import { join } from 'node:path';

        export function makeTsa() {
          return function timestampToken(data) {
            const dir = mkdtempSync(join(tmpdir(), 'verifier-http-tsa-'));
            const run = (cmd, args) => {
              const r = spawnSync(cmd, args, { cwd: dir });
              if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
            };
            try {
              writeFileSync(join(dir, 'data.bin'), data);
              run('openssl', ['ts', '-query', '-data', 'data.bin', '-sha256', '-cert', '-out', 'req.tsq']);
              run('curl', ['-sS', '--fail', '-H', 'Content-Type: application/timestamp-query', '--data-binary', '@req.tsq', '-o', 'resp.tsr', process.env.TSA_URL]);
              run('openssl', ['ts', '-reply', '-in', 'resp.tsr', '-token_out', '-out', 'token.der']);
              return new Uint8Array(readFileSync(join(dir, 'token.der')));
            } finally {
              rmSync(dir, { recursive: true, force: true });
            }
          };
        }
        """;

    private static readonly string Jpeg = Path.Combine(SharedFolder.Data, "real", "image", "facerec_alex_lacamoire.jpg");

    [TestMethod]
    public void C2paRsTrustsTheLoopbackTsaTokens()
    {
        var pki = DevelopmentPkis.For(CoseAlgorithm.Es256);
        var dir = Oracle.TempDir();
        var keys = Path.Combine(dir, "keys");
        DevelopmentPkiFiles.Write(pki, keys, force: false);
        var oracle = HttpTsaOracle(Path.Combine(dir, "oracle"));
        using var tsa = LocalTimeStampAuthority.Start(pki);

        var signed = Path.Combine(dir, "signed.jpg");
        Node(oracle, new() { ["TSA_URL"] = tsa.Url.ToString() }, "sign.mjs", Jpeg, signed, "--certs", keys, "--tsa", "--quiet");
        Assert.AreEqual(1, tsa.GrantedCount, "the oracle's time stamp came from the loopback TSA");

        var root = Path.Combine(keys, DevelopmentPkiFiles.Root);
        var c2paRs = Oracle.Instance.Verify(signed, "--trust", root);
        Assert.AreEqual("Trusted", (string?)c2paRs["validation_state"], c2paRs.ToJsonString());
        StringAssert.Contains(c2paRs["status"]!.ToJsonString(), "timeStamp.trusted");
        var ours = Reader.Validate(signed, new VerifyOptions { Trust = TestTrust.Anchors(root) });
        Assert.AreEqual(ValidationState.Trusted, ours.State, string.Join("; ", ours.Statuses.Select(s => $"{s.Code}: {s.Explanation}")));
        Assert.IsTrue(ours.Statuses.Any(s => s.Code == ValidationCodes.TimeStampTrusted));
    }

    /// <summary>The oracle's scripts and lib beside its installed node_modules, with the HTTP time stamper.</summary>
    private static string HttpTsaOracle(string target)
    {
        var source = Oracle.Instance.Dir;
        Directory.CreateDirectory(Path.Combine(target, "lib"));
        foreach (var file in Directory.EnumerateFiles(source, "*.*"))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(source, "lib")))
        {
            File.Copy(file, Path.Combine(target, "lib", Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(target, "lib", "tsa.mjs"), HttpTsaShim);
        Directory.CreateSymbolicLink(Path.Combine(target, "node_modules"), Path.Combine(source, "node_modules"));
        return target;
    }

    private static void Node(string dir, Dictionary<string, string> env, params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("node") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        using var p = System.Diagnostics.Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        Assert.IsTrue(p.WaitForExit(120_000), "node sign.mjs took over 2 minutes");
        Assert.AreEqual(0, p.ExitCode, err.Result);
    }
}
