using System.CommandLine;
using System.Diagnostics;
using Verifier.Cli.Bench;
using Verifier.Cli.Output;
using Verifier.Provenance;
using Verifier.Provenance.Signing;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier bench verify FILE</c> and <c>bench sign FILE</c>: validation or signing throughput against .NET's SHA-256
/// rate over the same bytes (the floor any verifier or signer pays), and optionally against c2pa-rs (the interop oracle
/// under Node). Prints figures; asserts nothing.
/// </summary>
public static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var bench = new Command("bench", "Benchmarks that print figures");
        var file = new Argument<string>("FILE") { Description = "A signed file (a large MP4 shows the hashing rate)" };
        var runs = new Option<int>("--runs") { Description = "Runs per measurement; the best is reported", DefaultValueFactory = _ => 3 };
        var oracle = new Option<string?>("--c2pa-ref") { Description = "Folder of an installed c2pa-ref oracle: also time c2pa-rs (node verify.mjs)" };
        var trust = new TrustOptions();
        var verify = new Command("verify", "Validation throughput vs .NET SHA-256 (and c2pa-rs)") { file, runs, oracle };
        trust.AddTo(verify);
        verify.SetAction(parse =>
        {
            var path = parse.GetRequiredValue(file);
            if (!File.Exists(path))
            {
                throw new UsageException($"{path}: no such file");
            }

            int n = Math.Max(1, parse.GetValue(runs));
            var options = new VerifyOptions { Trust = trust.Settings(parse) };
            long bytes = new FileInfo(path).Length;
            var result = Reader.Validate(path, options);
            context.Output.WriteLine($"file: {Printable.Clean(path)} ({bytes / 1e6:F1} MB), state: {result.State}");

            var sha = Measurement.BestOf(n, bytes, () => Sha256Baseline.HashFile(path));
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var verifier = Measurement.BestOf(n, bytes, () => Reader.Validate(path, options));
            long allocatedPerRun = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / n;
            context.Output.WriteLine($"sha256 (.NET):  {sha.MegabytesPerSecond,8:F0} MB/s  ({sha.Best.TotalMilliseconds:F0} ms)");
            context.Output.WriteLine($"verifier:       {verifier.MegabytesPerSecond,8:F0} MB/s  ({verifier.Best.TotalMilliseconds:F0} ms), " +
                                     $"{verifier.MegabytesPerSecond / sha.MegabytesPerSecond:F2} of the SHA-256 rate");
            context.Output.WriteLine($"memory:         {allocatedPerRun / 1e6:F1} MB allocated per run, peak working set " +
                                     $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
            if (parse.GetValue(oracle) is { } dir)
            {
                var c2paRs = Measurement.BestOf(n, bytes, () => RunOracle(dir, "verify.mjs", Path.GetFullPath(path)));
                context.Output.WriteLine($"c2pa-rs (wasm): {c2paRs.MegabytesPerSecond,8:F0} MB/s  ({c2paRs.Best.TotalMilliseconds:F0} ms, " +
                                         $"node start-up included); verifier is {c2paRs.Best / verifier.Best:F1}x faster");
            }

            return ExitCodes.Trusted;
        });
        bench.Add(verify);
        bench.Add(CreateSign(context, runs, oracle));
        bench.Add(BenchScanCommand.Create(context, runs));
        bench.Add(BenchServeCommand.Create(context));
        bench.Add(BenchRobustnessCommand.Create(context));
        bench.Add(BenchGeneratorCommand.Create(context));
        bench.Add(BenchDetectorCommand.Create(context));
        return bench;
    }

    /// <summary><c>bench sign FILE --cert CHAIN --key KEY</c>: signing throughput (one copy + hash pass) vs SHA-256 and c2pa-rs.</summary>
    private static Command CreateSign(CliContext context, Option<int> runs, Option<string?> oracle)
    {
        var file = new Argument<string>("FILE") { Description = "A JPEG, PNG or MP4 to sign (a large MP4 shows the copy + hash rate)" };
        var cert = new Option<string>("--cert") { Description = "PEM certificate chain, signer first", Required = true, HelpName = "CHAIN.pem" };
        var key = new Option<string>("--key") { Description = "Unencrypted PEM private key", Required = true, HelpName = "KEY" };
        var sign = new Command("sign", "Signing throughput vs .NET SHA-256 (and c2pa-rs)") { file, cert, key, runs, oracle };
        sign.SetAction(parse =>
        {
            var path = parse.GetRequiredValue(file);
            foreach (var f in new[] { path, parse.GetRequiredValue(cert), parse.GetRequiredValue(key) })
            {
                if (!File.Exists(f))
                {
                    throw new UsageException($"{f}: no such file");
                }
            }

            int n = Math.Max(1, parse.GetValue(runs));
            var signer = SignCommand.LoadSigner(parse.GetRequiredValue(cert), parse.GetRequiredValue(key), null, null, null);
            var output = Path.Combine(Path.GetTempPath(), $"verifier-bench-{Environment.ProcessId}{Path.GetExtension(path)}");
            try
            {
                long bytes = new FileInfo(path).Length;
                context.Output.WriteLine($"file: {Printable.Clean(path)} ({bytes / 1e6:F1} MB)");
                var sha = Measurement.BestOf(n, bytes, () => Sha256Baseline.HashFile(path));
                var verifier = Measurement.BestOf(n, bytes, () => Builder.Sign(new SignRequest { InputPath = path, OutputPath = output, Signer = signer }));
                context.Output.WriteLine($"sha256 (.NET):  {sha.MegabytesPerSecond,8:F0} MB/s  ({sha.Best.TotalMilliseconds:F0} ms)");
                context.Output.WriteLine($"verifier sign:  {verifier.MegabytesPerSecond,8:F0} MB/s  ({verifier.Best.TotalMilliseconds:F0} ms), " +
                                         $"{verifier.MegabytesPerSecond / sha.MegabytesPerSecond:F2} of the SHA-256 rate (it also writes the copy)");
                context.Output.WriteLine($"memory:         peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
                if (parse.GetValue(oracle) is { } dir)
                {
                    var c2paRs = Measurement.BestOf(n, bytes, () => RunOracle(dir, "sign.mjs", Path.GetFullPath(path), output, "--quiet"));
                    context.Output.WriteLine($"c2pa-rs (wasm): {c2paRs.MegabytesPerSecond,8:F0} MB/s  ({c2paRs.Best.TotalMilliseconds:F0} ms, " +
                                             $"node start-up included); verifier is {c2paRs.Best / verifier.Best:F1}x faster");
                }
            }
            finally
            {
                File.Delete(output);
            }

            return ExitCodes.Trusted;
        });
        return sign;
    }

    private static void RunOracle(string dir, string script, params string[] args)
    {
        var psi = new ProcessStartInfo("node") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("node could not be started");
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"c2pa-rs (node {script}) failed: {err.Result}");
        }
    }
}
