using System.Diagnostics;
using System.Security.Cryptography;

namespace Verifier.Fuzz.Loop;

/// <summary>A crash (an exception outside the target's contract) or a hang, with the input that caused it.</summary>
public sealed record Finding(string Kind, string Signature, string Message, byte[] Input, string? SavedAs);

/// <summary>What a loop run did.</summary>
public sealed record LoopReport(string Target, long Execs, TimeSpan Elapsed, TimeSpan SlowestExec, IReadOnlyList<Finding> Findings)
{
    public double ExecsPerSecond => Execs / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// The in-process fuzzing loop for machines without afl: every seed as it is, then mutated seeds, each run through the
/// target. Crashes are recorded once per signature (exception type + throwing method) and the loop goes on; a run longer
/// than the hang limit is recorded and ends the loop (its thread cannot be stopped, so it is left as a background thread).
/// </summary>
public sealed class MutationLoop(FuzzTarget target, IReadOnlyList<byte[]> corpus, string? findingsFolder = null)
{
    public TimeSpan HangLimit { get; init; } = TimeSpan.FromSeconds(10);

    public LoopReport Run(long execs, int seed)
    {
        var findings = new List<Finding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long done = 0, slowestTicks = 0, startedAt = 0;
        byte[]? current = null;
        var clock = Stopwatch.StartNew();
        var worker = new Thread(() =>
        {
            var mutator = new ByteMutator(corpus, new Random(seed));
            for (long i = 0; i < execs; i++)
            {
                var input = i < corpus.Count ? corpus[(int)i] : mutator.Next();
                Volatile.Write(ref current, input);
                long start = clock.ElapsedTicks;
                Volatile.Write(ref startedAt, start);
                try
                {
                    target.Execute(input);
                }
                catch (Exception e)
                {
                    var signature = Signature(e);
                    lock (findings)
                    {
                        if (seen.Add(signature))
                        {
                            findings.Add(new Finding("crash", signature, e.ToString(), input, Save("crash", input)));
                        }
                    }
                }

                slowestTicks = Math.Max(slowestTicks, clock.ElapsedTicks - start);
                Volatile.Write(ref done, i + 1);
            }

            Volatile.Write(ref current, null);
        }) { IsBackground = true, Name = $"fuzz {target.Name}" };

        worker.Start();
        var hangTicks = (long)(HangLimit.TotalSeconds * Stopwatch.Frequency);
        while (!worker.Join(50))
        {
            if (Volatile.Read(ref current) is { } input && clock.ElapsedTicks - Volatile.Read(ref startedAt) > hangTicks)
            {
                lock (findings)
                {
                    findings.Add(new Finding("hang", "hang", $"one execution ran past {HangLimit.TotalSeconds} s", input, Save("hang", input)));
                    return new LoopReport(target.Name, Volatile.Read(ref done), clock.Elapsed, HangLimit, [.. findings]);
                }
            }
        }

        return new LoopReport(target.Name, done, clock.Elapsed, TimeSpan.FromSeconds((double)slowestTicks / Stopwatch.Frequency), findings);
    }

    /// <summary>Exception type and the innermost frame that threw it: one entry per distinct bug, not per input.</summary>
    private static string Signature(Exception e)
    {
        var frame = new StackTrace(e).GetFrames().FirstOrDefault(f => f.GetMethod() is not null)?.GetMethod();
        return $"{e.GetType().FullName} at {frame?.DeclaringType?.FullName}.{frame?.Name}";
    }

    private string? Save(string kind, byte[] input)
    {
        if (findingsFolder is null)
        {
            return null;
        }

        Directory.CreateDirectory(findingsFolder);
        var path = Path.Combine(findingsFolder, $"{kind}-{Convert.ToHexStringLower(SHA256.HashData(input))[..12]}.bin");
        File.WriteAllBytes(path, input);
        return path;
    }
}
