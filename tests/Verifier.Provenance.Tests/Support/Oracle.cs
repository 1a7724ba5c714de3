using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Verifier.Provenance.Tests.Support;

/// <summary>
/// The interop oracle (c2pa-rs 0.91.3 in WebAssembly, under Node) from <c>../shared/tools/c2pa-ref</c>, copied once per
/// test run into a temp folder, installed with <c>npm ci</c>, with fresh TEST-ONLY certificates.
/// </summary>
internal sealed class Oracle
{
    private static readonly Lazy<Oracle> Shared = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    private Oracle(string dir) => Dir = dir;

    /// <summary>The oracle's working folder (holds <c>certs/</c>, <c>sign.mjs</c>, ...).</summary>
    public string Dir { get; }

    public string RootPem => Path.Combine(Dir, "certs", "root.pem");

    public string Certs => Path.Combine(Dir, "certs");

    public static Oracle Instance => Shared.Value;

    /// <summary>This test process's temp folder (the oracle copy and every test's files); removed when the run ends.</summary>
    public static string RunRoot { get; } = Path.Combine(Path.GetTempPath(), "verifier-tests", $"run-{Environment.ProcessId}");

    /// <summary>A fresh temp folder for one test's files.</summary>
    public static string TempDir()
    {
        var dir = Path.Combine(RunRoot, Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Signs <paramref name="input"/> into <paramref name="output"/> with <c>sign.mjs</c>; returns its JSON.</summary>
    public JsonNode Sign(string input, string output, params string[] options) =>
        RunJson("sign.mjs", [input, output, .. options]);

    /// <summary>Verifies with <c>verify.mjs</c> (c2pa-rs's own validation); returns its JSON.</summary>
    public JsonNode Verify(string file, params string[] options) => RunJson("verify.mjs", [file, .. options]);

    /// <summary>Makes a tampered copy with <c>tamper.mjs</c> (mode: data, signature, assertion, claim).</summary>
    public void Tamper(string input, string output, string mode) => Run("tamper.mjs", [input, output, "--mode", mode]);

    private JsonNode RunJson(string script, string[] args)
    {
        var stdout = Run(script, [.. args]);
        return JsonNode.Parse(stdout) ?? throw new InvalidOperationException($"{script} printed no JSON");
    }

    public string Run(string script, string[] args)
    {
        var psi = new ProcessStartInfo("node") { WorkingDirectory = Dir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("node could not be started");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} took over 2 minutes");
        }

        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {script} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}");
        }

        return stdout;
    }

    private static Oracle Create()
    {
        var dir = Path.Combine(RunRoot, "oracle");
        var work = Path.Combine(dir, "c2pa-ref");
        if (!File.Exists(Path.Combine(work, "certs", "root.pem")) || !Directory.Exists(Path.Combine(work, "node_modules")))
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }

            CopyDirectory(Path.Combine(SharedFolder.Path, "tools", "c2pa-ref"), work);
            Shell(work, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
            Shell(work, "bash", "certs/gen-certs.sh");
        }

        return new Oracle(work);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var d in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(d.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (var f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = f.Replace(from, to, StringComparison.Ordinal);
            File.Copy(f, target, overwrite: true);
            File.SetAttributes(target, FileAttributes.Normal);
        }
    }

    private static void Shell(string dir, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{file} could not be started");
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed in {dir}: {err.Result}");
        }
    }
}
