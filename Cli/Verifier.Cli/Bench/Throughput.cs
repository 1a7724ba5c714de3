using System.Diagnostics;
using System.Security.Cryptography;

namespace Verifier.Cli.Bench;

/// <summary>One timed measurement: the best of several runs (the machine's noise only ever adds time).</summary>
public readonly record struct Measurement(TimeSpan Best, long Bytes)
{
    public double MegabytesPerSecond => Bytes / 1e6 / Best.TotalSeconds;

    public static Measurement BestOf(int runs, long bytes, Action work)
    {
        var best = TimeSpan.MaxValue;
        for (int i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            work();
            watch.Stop();
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        return new Measurement(best, bytes);
    }
}

/// <summary>The reference rate: .NET's SHA-256 over a file read sequentially in large blocks.</summary>
public static class Sha256Baseline
{
    public static void HashFile(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[4 << 20];
        int n;
        while ((n = file.Read(buffer)) > 0)
        {
            sha.AppendData(buffer, 0, n);
        }

        sha.GetHashAndReset();
    }
}
