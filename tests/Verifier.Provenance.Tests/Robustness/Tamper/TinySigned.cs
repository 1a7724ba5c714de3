using System.Collections.Concurrent;
using Verifier.Provenance.Tests.Signing;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Provenance.Tests.Robustness.Tamper;

/// <summary>One tiny asset per type, signed once per test run by Verifier's Builder (es256, the oracle's test chain).</summary>
internal static class TinySigned
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Files = new();

    public static string Get(string ext) => Files.GetOrAdd(ext, e => new Lazy<string>(() =>
    {
        var signed = Path.Combine(Oracle.TempDir(), "signed." + e);
        SignedBy.Sign(TinyAssets.Make(e), signed);
        return signed;
    })).Value;
}
