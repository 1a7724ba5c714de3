using System.Collections.Concurrent;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Robustness.Tamper;

/// <summary>
/// Validates copies of one signed file, each with one byte complemented, from memory and on a few cores, and groups the
/// flipped offsets by what the Reader said (state, read error, failure codes).
/// </summary>
internal static class FlipOutcomes
{
    /// <summary>Outcome (as <see cref="Describe"/> writes it) to the offsets that gave it.</summary>
    public static IReadOnlyDictionary<string, List<int>> Run(byte[] signed, IReadOnlyList<int> offsets, VerifyOptions options, string name)
    {
        var found = new ConcurrentDictionary<string, List<int>>();
        var workers = Math.Clamp(Environment.ProcessorCount, 1, 4);
        var batches = Enumerable.Range(0, workers).Select(w => offsets.Where((_, i) => i % workers == w).ToArray());
        Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = workers }, batch =>
        {
            var bytes = (byte[])signed.Clone();
            using var stream = new MemoryStream(bytes, writable: false);
            foreach (var at in batch)
            {
                bytes[at] ^= 0xFF;
                stream.Position = 0;
                var result = Reader.Validate(stream, name, options);
                bytes[at] ^= 0xFF;
                var list = found.GetOrAdd(Describe(result), _ => []);
                lock (list)
                {
                    list.Add(at);
                }
            }
        });
        foreach (var list in found.Values)
        {
            list.Sort();
        }

        return found;
    }

    /// <summary>"Invalid [code,code]" or "Unreadable InvalidAsset" (sorted codes, so equal outcomes compare equal).</summary>
    public static string Describe(ValidationResult result) => result.State switch
    {
        ValidationState.Unreadable or ValidationState.NoManifest => $"{result.State} {result.ErrorKind}",
        _ => $"{result.State} [{string.Join(',', result.Codes(StatusKind.Failure).Order(StringComparer.Ordinal))}]",
    };

    public static string Detected(string code) => $"{ValidationState.Invalid} [{code}]";
}
