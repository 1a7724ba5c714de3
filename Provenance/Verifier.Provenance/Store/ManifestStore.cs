using System.IO.Compression;
using Verifier.Provenance.Claims;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Store;

/// <summary>
/// A C2PA manifest store: the manifests of a JUMBF <c>c2pa</c> superbox in order, the active one last. Structural
/// problems that c2pa-rs refuses to read become <see cref="ProvenanceReadException"/>; everything else is left for
/// validation to report.
/// </summary>
public sealed class ManifestStore
{
    /// <summary>A Brotli-compressed manifest may expand to at most this (a bomb otherwise).</summary>
    public const int MaxDecompressedManifest = 64 * 1024 * 1024;

    private ManifestStore(IReadOnlyList<Manifest> manifests) => Manifests = manifests;

    public IReadOnlyList<Manifest> Manifests { get; }

    public Manifest? Active => Manifests.Count > 0 ? Manifests[^1] : null;

    public Manifest? Get(string label) => Manifests.FirstOrDefault(m => m.Label == label);

    public static ManifestStore Parse(ReadOnlyMemory<byte> storeBytes)
    {
        if (storeBytes.IsEmpty)
        {
            throw new ProvenanceReadException(ReadError.JumbfNotFound, "the manifest store is empty");
        }

        var root = JumbfReader.ParseStore(storeBytes);
        var manifests = new List<Manifest>();
        foreach (var box in root.Children)
        {
            var m = box.ContentType switch
            {
                "c2ma" => ParseManifest(box, isUpdate: false),
                "c2um" => ParseManifest(box, isUpdate: true),
                "c2cm" => ParseManifest(Decompress(box), isUpdate: false),
                _ => null, // unknown boxes are ignored, as the spec asks
            };
            if (m is not null)
            {
                manifests.Add(m);
            }
        }

        if (manifests.Count == 0)
        {
            throw new ProvenanceReadException(ReadError.JumbfNotFound, "the manifest store holds no manifest");
        }

        return new ManifestStore(manifests);
    }

    private static Manifest ParseManifest(JumbfBox box, bool isUpdate)
    {
        string label = box.Label ?? throw Invalid("a manifest has no label");
        var claimBoxes = box.Children.Where(c => c.ContentType == "c2cl").ToList();
        if (claimBoxes.Count > 1)
        {
            throw Invalid($"manifest {label} has more than one claim box");
        }

        var claimBox = claimBoxes.Count == 1 ? claimBoxes[0] : throw Invalid($"manifest {label} has no claim box");
        if (claimBox.Children.Count > 1)
        {
            throw Invalid($"manifest {label} has more than one claim");
        }

        var claimContent = claimBox.Content;
        if (claimContent?.Type == "json")
        {
            throw new ProvenanceReadException(ReadError.PrereleaseError, $"manifest {label} is a pre-1.0 (prerelease) manifest");
        }

        if (claimContent?.Type != "cbor")
        {
            throw Invalid($"manifest {label}'s claim box holds no CBOR claim");
        }

        var claim = Claim.Parse(claimContent.Payload, claimBox.Label ?? "c2pa.claim");
        if (claim.Alg is null)
        {
            throw new ProvenanceReadException(ReadError.UnknownAlgorithm, $"manifest {label}'s claim names no hash algorithm");
        }

        var signatureBox = box.Children.FirstOrDefault(c => c.ContentType == "c2cs")
            ?? throw Invalid($"manifest {label} has no claim signature box");
        if (signatureBox.Content?.Type != "cbor")
        {
            throw Invalid($"manifest {label}'s signature box holds no COSE signature");
        }

        var assertionStore = box.Children.FirstOrDefault(c => c.ContentType == "c2as")
            ?? throw Invalid($"manifest {label} has no assertion store");
        var assertions = new List<AssertionBox>();
        foreach (var a in assertionStore.Children.Where(c => c.IsSuperbox))
        {
            var assertionLabel = a.Label ?? throw Invalid($"an assertion of manifest {label} has no label");
            var reference = claim.Assertions.FirstOrDefault(h => h.Label == assertionLabel)
                ?? throw new ProvenanceReadException(ReadError.AssertionMissing,
                    $"assertion {JumbfUri.Assertion(label, assertionLabel)} is not referenced by its claim");
            var assertion = new AssertionBox(a, assertionLabel);
            if (assertions.Count == 0 && IsPrereleaseHash(assertion, reference, claim.Alg))
            {
                throw new ProvenanceReadException(ReadError.PrereleaseError, $"manifest {label} uses pre-1.0 assertion hashing");
            }

            assertions.Add(assertion);
        }

        return new Manifest(box, isUpdate, claim, claimBox, signatureBox, assertions);
    }

    /// <summary>Pre-1.0 manifests hashed an assertion's data alone, not its box: c2pa-rs refuses them as prerelease.</summary>
    private static bool IsPrereleaseHash(AssertionBox assertion, HashedUri reference, string claimAlg)
    {
        var alg = reference.Alg ?? claimAlg;
        return HashAlgorithms.IsSupported(alg) && HashAlgorithms.Matches(alg, assertion.Data.Span, reference.Hash.Span);
    }

    private static JumbfBox Decompress(JumbfBox compressed)
    {
        var brob = compressed.Children.FirstOrDefault(c => c.Type == "brob")
            ?? throw Invalid($"compressed manifest {compressed.Label} has no brob box");
        var payload = brob.Payload;
        if (payload.Length < 4)
        {
            throw Invalid($"compressed manifest {compressed.Label} is truncated");
        }

        // brob = the original box's type (4 bytes), then that box's content, Brotli-compressed.
        var originalType = System.Text.Encoding.ASCII.GetString(payload.Span[..4]);
        var expanded = Expand(payload[4..], compressed.Label);

        // Rebuild the original box and wrap it as a c2pa store, so the bounded JUMBF reader parses it like any other.
        var inner = Box(originalType, expanded);
        var root = JumbfReader.ParseStore(WrapAsStore(inner));
        return root.Children.FirstOrDefault(c => c.ContentType is "c2ma" or "c2um")
            ?? throw Invalid($"compressed manifest {compressed.Label} holds no manifest");
    }

    /// <summary>
    /// Brotli-decompresses into fixed 1 MB blocks and joins them at the end, so that a bomb is refused having allocated
    /// the cap and one block, not the doubling buffer (about 2.5 times the cap) a growing MemoryStream would have.
    /// </summary>
    private static byte[] Expand(ReadOnlyMemory<byte> brotliData, string? label)
    {
        using var input = new MemoryStream(brotliData.ToArray(), writable: false);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        var blocks = new List<byte[]>();
        long total = 0;
        try
        {
            while (true)
            {
                var block = new byte[1 << 20];
                int n = brotli.ReadAtLeast(block, block.Length, throwOnEndOfStream: false);
                if (n == 0)
                {
                    break;
                }

                total += n;
                if (total > MaxDecompressedManifest)
                {
                    throw Invalid($"compressed manifest {label} expands beyond {MaxDecompressedManifest} bytes");
                }

                blocks.Add(n == block.Length ? block : block[..n]);
            }
        }
        catch (InvalidDataException e)
        {
            throw Invalid($"compressed manifest {label} is not valid Brotli: {e.Message}");
        }

        var expanded = new byte[total];
        int at = 0;
        foreach (var block in blocks)
        {
            block.CopyTo(expanded, at);
            at += block.Length;
        }

        return expanded;
    }

    private static byte[] WrapAsStore(byte[] boxes)
    {
        var jumd = new List<byte>();
        jumd.AddRange(JumbfUuids.FromFourCc("c2pa"));
        jumd.Add(0x03);
        jumd.AddRange("c2pa\0"u8.ToArray());
        var jumdBox = Box("jumd", [.. jumd]);
        return Box("jumb", [.. jumdBox, .. boxes]);
    }

    private static byte[] Box(string type, byte[] payload)
    {
        var size = payload.Length + 8;
        return [(byte)(size >> 24), (byte)(size >> 16), (byte)(size >> 8), (byte)size, .. System.Text.Encoding.ASCII.GetBytes(type), .. payload];
    }

    private static ProvenanceReadException Invalid(string message) => new(ReadError.InvalidClaim, message);
}
