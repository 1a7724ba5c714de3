using Verifier.Provenance.Cose;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Store;

namespace Verifier.Fuzz;

/// <summary>
/// Cuts a signed file into seeds for the inner parsers (fuzz/make-corpus.sh runs it): its manifest store (jumbf), each
/// manifest's claim (claim), CBOR assertions (assertion), COSE_Sign1 (cose) and signer chain as concatenated DER
/// (certificate), each written under OUTDIR/TARGET/. Uses the real reader, so seeds are exactly what it would parse.
/// </summary>
public static class SeedExtractor
{
    /// <summary>Assertions larger than this (thumbnails, fillers) make slow seeds and teach the fuzzer nothing new.</summary>
    private const int MaxAssertionSeed = 4096;

    public static int Extract(string signedFile, string outFolder)
    {
        using var asset = File.OpenRead(signedFile);
        var handler = AssetHandlers.Detect(asset);
        var store = handler?.Locate(asset).Store;
        if (store is null && Path.GetExtension(signedFile) == ".c2pa")
        {
            store = File.ReadAllBytes(signedFile);
        }

        if (store is not { } bytes)
        {
            throw new InvalidDataException($"{signedFile} holds no C2PA manifest store");
        }

        var name = Path.GetFileNameWithoutExtension(signedFile);
        int written = Write(outFolder, "jumbf", $"{name}.c2pa", bytes.ToArray());
        var manifests = ManifestStore.Parse(bytes).Manifests;
        for (int m = 0; m < manifests.Count; m++)
        {
            var manifest = manifests[m];
            written += Write(outFolder, "claim", $"{name}-{m}.cbor", manifest.Claim.Bytes.ToArray());
            written += Write(outFolder, "cose", $"{name}-{m}.cose", manifest.Signature.ToArray());
            if (CoseSign1.TryDecode(manifest.Signature, out _)?.CertificateChain(out _) is { } chain)
            {
                written += Write(outFolder, "certificate", $"{name}-{m}.der", [.. chain.SelectMany(c => c.ToArray())]);
            }

            foreach (var assertion in manifest.Assertions.Where(a => a.ContentType == "cbor" && a.Data.Length <= MaxAssertionSeed))
            {
                written += Write(outFolder, "assertion", $"{name}-{m}-{assertion.Label}.cbor", assertion.Data.ToArray());
            }
        }

        return written;
    }

    private static int Write(string outFolder, string target, string file, byte[] bytes)
    {
        var folder = Path.Combine(outFolder, target);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, file), bytes);
        return 1;
    }
}
