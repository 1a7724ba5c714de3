using Verifier.Provenance.Tests.Formats;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Provenance.Tests.Robustness;

/// <summary>
/// Seeded mutations of signed files, aimed at every layer the reader parses. Each mutated file must satisfy the
/// reader's contract (see <see cref="ContractProbe"/>). Set <c>VERIFIER_MUTATIONS</c> to run a longer sweep locally.
/// </summary>
[TestClass]
public sealed class MutationTests
{
    /// <summary>Mutations per kind per file; small so the class stays well under a minute.</summary>
    private static readonly int PerKind =
        int.TryParse(Environment.GetEnvironmentVariable("VERIFIER_MUTATIONS"), out var n) && n > 0 ? n : 12;

    private static readonly Lazy<string> SignedMp4 = new(() =>
    {
        var signed = SignedSamples.NewPath("s.mp4");
        Oracle.Instance.Sign(Path.Combine(SharedFolder.Data, "real", "video", "fomm_demo_10.mp4"), signed);
        return signed;
    });

    [TestMethod]
    [DataRow("jpg", 1)]
    [DataRow("png", 2)]
    [DataRow("webp", 3)]
    [DataRow("multi.jpg", 5)]
    public void OracleSignedImagesSurviveMutation(string sample, int seed) =>
        Sweep(SignedSamples.Path(sample), seed, Mutator.StoreKinds, PerKind);

    [TestMethod]
    public void OracleSignedMp4SurvivesMutation() =>
        Sweep(SignedMp4.Value, 4, [.. Mutator.StoreKinds, "bmff"], PerKind);

    public static IEnumerable<object[]> Fixtures() =>
        new[] { "CA_ct.jpg", "boxhash.jpg", "ocsp.jpg", "CIE-sig-CA.jpg", "CACAE-uri-CA.jpg", "legacy_ingredient_hash.jpg", "legacy.mp4", "no_alg.jpg" }
            .Select((f, i) => new object[] { f, 100 + i });

    [TestMethod]
    [DynamicData(nameof(Fixtures))]
    public void C2paRsFixturesSurviveMutation(string fixture, int seed) =>
        Sweep(SharedFolder.Fixture(fixture), seed,
            fixture.EndsWith(".mp4", StringComparison.Ordinal) ? [.. Mutator.StoreKinds, "bmff"] : Mutator.StoreKinds,
            Math.Max(1, PerKind / 3)); // multi-manifest fixtures are slower to validate

    /// <summary>Fixtures c2pa-rs ships as malformed: sliced and flipped anywhere.</summary>
    [TestMethod]
    [DataRow("nested_moov_1000.mp4")]
    [DataRow("riff_bomb_1000.wav")]
    [DataRow("tiff_poc.tiff")]
    [DataRow("id3v23_compression_underflow.mp3")]
    [DataRow("cloud_manifest.c2pa")]
    public void MalformedFixturesSurviveSlicing(string fixture)
    {
        var bytes = File.ReadAllBytes(SharedFolder.Fixture(fixture));
        var random = new Random(fixture.Length);
        var file = SignedSamples.NewPath(fixture);
        for (int i = 0; i < PerKind * 4; i++)
        {
            var copy = i % 2 == 0 ? bytes[..random.Next(bytes.Length)] : (byte[])bytes.Clone();
            if (i % 2 == 1)
            {
                copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
            }

            File.WriteAllBytes(file, copy);
            ContractProbe.Check(file, $"{fixture} mutation {i}");
        }
    }

    private static void Sweep(string source, int seed, string[] kinds, int perKind)
    {
        var target = MutationTarget.Load(source);
        Assert.IsTrue(target.HasStore, $"{target.Name} has no manifest store to mutate");
        var mutator = new Mutator(target, new Random(seed));
        var asset = SignedSamples.NewPath(target.Name);
        var file = SignedSamples.NewPath("store.c2pa");
        var options = new VerifyOptions { ExternalManifestPath = file };
        var failures = new List<string>();
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var kind in kinds)
        {
            for (int i = 0; i < perKind; i++)
            {
                var mutation = mutator.Next(kind);
                bool inAsset = mutation.WholeFile || target.ExternalFor is null;
                var written = inAsset ? asset : file;
                File.WriteAllBytes(written, mutation.Bytes);
                try
                {
                    var result = inAsset
                        ? ContractProbe.Check(asset, $"{target.Name} {kind} #{i}: {mutation.What}")
                        : ContractProbe.Check(target.ExternalFor!, $"{target.Name} {kind} #{i}: {mutation.What} [store {file}]", options);
                    var outcome = $"{kind} -> {result.State} {result.ErrorKind}";
                    outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                }
                catch (AssertFailedException e)
                {
                    var kept = SignedSamples.NewPath($"fail-{kind}-{i}-{Path.GetFileName(written)}");
                    File.Copy(written, kept);
                    failures.Add($"{e.Message}\nkept at {kept}; edits: {Edits(mutation.WholeFile ? target.FileBytes : target.Bytes, mutation.Bytes)}");
                }
            }
        }

        // What the mutations reached, so a sweep that only ever hits one early exit shows itself.
        Console.WriteLine(string.Join('\n', outcomes.Select(o => $"{o.Key}: {o.Value}")));
        Assert.IsEmpty(failures, string.Join("\n\n", failures.Take(8)));
    }

    /// <summary>The changed bytes as <c>offset:value</c> pairs, to turn a crash into a regression case.</summary>
    private static string Edits(byte[] original, byte[] mutated) =>
        original.Length != mutated.Length
            ? $"truncated to {mutated.Length}"
            : string.Join(',', Enumerable.Range(0, original.Length).Where(i => original[i] != mutated[i]).Take(64).Select(i => $"{i}:{mutated[i]:X2}"));
}
