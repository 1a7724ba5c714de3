using System.Globalization;
using SharpFuzz;
using Verifier.Fuzz;
using Verifier.Fuzz.Loop;

// The fuzz harness: one input from stdin (afl-fuzz drives it through SharpFuzz), or the in-process mutation loop.
const string Usage = """
    usage: Verifier.Fuzz TARGET                                  run one input from stdin (afl-fuzz via SharpFuzz)
           Verifier.Fuzz TARGET --loop DIR [--execs N] [--seed S] [--findings DIR]
                                                                 in-process mutation loop over the seeds in DIR
           Verifier.Fuzz seeds SIGNED_FILE OUT_DIR               write inner-parser seeds (store, claim, COSE, ...)
    targets:
    """;

if (args is ["seeds", var signed, var outFolder])
{
    Console.WriteLine($"{SeedExtractor.Extract(signed, outFolder)} seeds from {signed}");
    return 0;
}

if (args.Length == 0 || FuzzTargets.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine(Usage);
    foreach (var t in FuzzTargets.All)
    {
        Console.Error.WriteLine($"  {t.Name,-12} {t.Description}");
    }

    return 64;
}

if (args.Length == 1)
{
    Fuzzer.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target.Execute(buffer.ToArray());
    });
    return 0;
}

var options = args.Skip(1).Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
if (!options.TryGetValue("--loop", out var corpusFolder) || options.Keys.Except(["--loop", "--execs", "--seed", "--findings"]).Any())
{
    Console.Error.WriteLine(Usage);
    return 64;
}

long execs = options.TryGetValue("--execs", out var n) ? long.Parse(n, CultureInfo.InvariantCulture) : 100_000;
int seed = options.TryGetValue("--seed", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : 1;
var report = new MutationLoop(target, Corpus.Load(corpusFolder), options.GetValueOrDefault("--findings")).Run(execs, seed);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{report.Target}: {report.Execs} execs in {report.Elapsed.TotalSeconds:F1} s, {report.ExecsPerSecond:F0} execs/s, slowest {report.SlowestExec.TotalMilliseconds:F0} ms, {report.Findings.Count(f => f.Kind == "crash")} crashes, {report.Findings.Count(f => f.Kind == "hang")} hangs"));
foreach (var finding in report.Findings)
{
    Console.WriteLine($"{finding.Kind} {finding.Signature} (input {finding.SavedAs ?? "not saved"}):\n{finding.Message}");
}

// A hang leaves its thread running; it is a background thread, so returning still ends the process.
return report.Findings.Count > 0 ? 1 : 0;
