using System.Collections.Concurrent;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Keys;

namespace Verifier.Provenance.Tests.Keys;

/// <summary>
/// One development PKI per algorithm for the whole test run (RSA 3072/4096 key generation takes seconds on a shared
/// machine). Tests that need keys unrelated to these make their own with <see cref="DevelopmentPki.Create"/>.
/// </summary>
internal static class DevelopmentPkis
{
    private static readonly ConcurrentDictionary<CoseAlgorithm, Lazy<DevelopmentPki>> Cache = new();

    public static DevelopmentPki For(CoseAlgorithm alg) =>
        Cache.GetOrAdd(alg, a => new Lazy<DevelopmentPki>(() => DevelopmentPki.Create(a))).Value;
}
