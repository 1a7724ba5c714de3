using System.Security.Cryptography;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Signing.Embedding;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Signing;

/// <summary>
/// Signs an asset (the counterpart of c2pa-rs's <c>Builder::sign</c>) for JPEG, PNG, RIFF (WebP, WAV, AVI) and ISO BMFF
/// (MP4, MOV, M4A, HEIF/HEIC, AVIF), keeping the reserved-size contract: a placeholder store of the final size is embedded while the
/// input is copied once and the hard binding hashed on the way; then the binding, claim and COSE are made and the store
/// is written over the placeholder. An input that already carries a store has it replaced (as c2pa-rs does); to keep it
/// as history, name the input as <see cref="SignRequest.ParentPath"/>.
/// </summary>
public static class Builder
{
    public static SignResult Sign(SignRequest request) => Sign(request, DateTimeOffset.UtcNow);

    /// <summary>
    /// Signs with the signer certificate checked as of <paramref name="at"/>: tests make the file a since-expired
    /// certificate signed while it was still valid.
    /// </summary>
    internal static SignResult Sign(SignRequest request, DateTimeOffset at)
    {
        string input = Path.GetFullPath(request.InputPath);
        string output = Path.GetFullPath(request.OutputPath);
        if (string.Equals(input, output, StringComparison.Ordinal))
        {
            throw new SigningRefusedException(RefusalRule.OutputIsInput, $"the output {request.OutputPath} is the input: Verifier never signs in place");
        }

        if (request.Sidecar && request.RemoteUrl is not null)
        {
            throw new ArgumentException("a remote URL with a sidecar (remote-only manifests) is not supported", nameof(request));
        }

        CheckSigner(request.Signer, at);
        var ingredients = LoadIngredients(request);

        using var source = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var (embedder, mediaType) = EmbedderFor(source, request, output);
        var fragmentOutputs = FragmentOutputs(request, embedder, input, output);
        try
        {
            return Sign(request, ingredients, source, embedder, mediaType, output, fragmentOutputs);
        }
        catch
        {
            // A failed signing leaves no output, fragments included.
            fragmentOutputs.ForEach(File.Delete);
            throw;
        }
    }

    private static SignResult Sign(SignRequest request, IReadOnlyList<LoadedIngredient> ingredients, Stream source, StoreEmbedder embedder, string mediaType,
        string output, IReadOnlyList<string> fragmentOutputs)
    {
        Func<byte[], byte[]>? bmffBinding = null;
        if (fragmentOutputs.Count > 0)
        {
            var tree = FragmentWriter.Write(request.FragmentPaths, fragmentOutputs);
            bmffBinding = initHash => AssertionCbor.BmffMerkleAssertion(initHash, tree);
        }

        var thumbnail = request.Thumbnails?.Make(request.InputPath, mediaType);
        var manifest = new ManifestAssembly(request, ingredients, embedder.UsesDataHash, bmffBinding, thumbnail);
        int reserved = CoseSign1Writer.ReserveSize(request.Signer, request.TimeStamper is not null);
        var placeholder = manifest.Store(manifest.PlaceholderBinding(), new byte[reserved]);

        bool done = false;
        var target = new FileStream(output, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var placement = embedder.Embed(source, target, placeholder.Length, hash);
            var digest = hash.GetHashAndReset();
            var binding = embedder.UsesDataHash
                ? AssertionCbor.DataHashAssertion(placement.Start, placement.Length, digest, manifest.PlaceholderBinding().Length)
                : manifest.BmffBinding(digest);
            var claim = manifest.Claim(binding);
            var cose = CoseSign1Writer.Sign(request.Signer, request.TimeStamper, claim, reserved);
            var store = manifest.Store(binding, cose);
            if (store.Length != placeholder.Length)
            {
                throw new InvalidOperationException($"the signed store is {store.Length} bytes, its placeholder {placeholder.Length}");
            }

            embedder.WriteStore(target, placement, store);
            done = true;
            return new SignResult(output, manifest.Label, store.Length, cose.Length, mediaType)
            {
                SidecarPath = (embedder as SidecarEmbedder)?.StorePath,
                FragmentPaths = fragmentOutputs,
            };
        }
        finally
        {
            target.Dispose();
            if (!done)
            {
                File.Delete(output);
            }
        }
    }

    /// <summary>
    /// The definition's ingredients, with <see cref="SignRequest.ParentPath"/> first as the <c>parentOf</c> one (which must
    /// carry a manifest, and which the definition may not name a second of).
    /// </summary>
    private static List<LoadedIngredient> LoadIngredients(SignRequest request)
    {
        var definitions = request.Definition.Ingredients.ToList();
        if (request.ParentPath is { } parent)
        {
            if (definitions.FirstOrDefault(d => d.Relationship == IngredientRelationship.ParentOf) is { } other)
            {
                throw new SigningRefusedException(RefusalRule.BadIngredient,
                    $"--parent {parent} and the manifest definition's {other.Entry} are both parentOf; a manifest has at most one");
            }

            definitions.Insert(0, new IngredientDefinition("--parent", IngredientRelationship.ParentOf, Path.GetFullPath(parent)));
        }

        var loaded = definitions.Select(d => LoadedIngredient.Load(d, request.ParentTrust, request.Thumbnails)).ToList();
        if (request.ParentPath is not null && loaded[0].Manifest is null)
        {
            throw new SigningRefusedException(RefusalRule.ParentWithoutManifest,
                $"the parent {request.ParentPath} carries no embedded C2PA manifest store Verifier reads");
        }

        return loaded;
    }

    /// <summary>
    /// Where each fragment is written: its own file name in <see cref="SignRequest.FragmentsOutputDirectory"/> or the
    /// output's folder. Refuses fragments of a non-BMFF or sidecar signing, and any output that is an input.
    /// </summary>
    private static List<string> FragmentOutputs(SignRequest request, StoreEmbedder embedder, string input, string output)
    {
        if (request.FragmentPaths.Count == 0)
        {
            return [];
        }

        if (embedder is not BmffStoreEmbedder)
        {
            throw new SigningRefusedException(RefusalRule.UnsupportedFragment,
                request.Sidecar ? "fragments are signed into the init segment, not a sidecar" : $"{request.InputPath} is not an MP4 init segment");
        }

        var dir = Path.GetFullPath(request.FragmentsOutputDirectory ?? Path.GetDirectoryName(output)!);
        Directory.CreateDirectory(dir);
        var inputs = request.FragmentPaths.Select(Path.GetFullPath).Append(input).ToHashSet(StringComparer.Ordinal);
        var outputs = request.FragmentPaths.Select(f => Path.Combine(dir, Path.GetFileName(f))).ToList();
        var clash = outputs.FirstOrDefault(inputs.Contains) ?? outputs.Append(output).GroupBy(o => o, StringComparer.Ordinal)
            .FirstOrDefault(g => g.Count() > 1)?.Key;
        if (clash is not null)
        {
            throw new SigningRefusedException(RefusalRule.UnsupportedFragment,
                $"the signed fragment {clash} would overwrite an input or another output; choose another fragments output folder");
        }

        return outputs;
    }

    /// <summary>Refuses a certificate that breaks the C2PA profile, and a key that does not match it.</summary>
    private static void CheckSigner(IClaimSigner signer, DateTimeOffset at)
    {
        var chain = signer.CertificateChain;
        var leaf = chain.Count > 0 ? CertificateReader.TryParse(chain[0]) : null;
        if (leaf is null)
        {
            throw new SigningRefusedException(RefusalRule.CertificateProfile, "the signer certificate is missing or cannot be parsed");
        }

        var log = new StatusLog();
        if (!CertificateProfile.CheckEndEntity(leaf, at, CertificateOids.DefaultSignerEkus, null, log, null, claimSigner: true))
        {
            var why = log.Failures.FirstOrDefault()?.Explanation ?? "it is not a valid C2PA signer certificate";
            throw new SigningRefusedException(RefusalRule.CertificateProfile, $"the signer certificate breaks the C2PA profile: {why}");
        }

        var probe = "Verifier key check"u8.ToArray();
        var check = CoseSignatureVerifier.Verify(signer.Algorithm, leaf.SubjectPublicKeyInfo, probe, signer.Sign(probe));
        if (check != SignatureCheck.Valid)
        {
            throw new SigningRefusedException(RefusalRule.KeyMismatch,
                $"the private key does not match the signer certificate (or the {signer.Algorithm.ReportName()} algorithm)");
        }
    }

    private static (StoreEmbedder Embedder, string MediaType) EmbedderFor(Stream source, SignRequest request, string output)
    {
        var handler = AssetHandlers.Detect(source);
        var mediaType = handler?.MediaType(source);
        var embedder = handler is null || mediaType is null
            ? null
            : StoreEmbedder.For(handler, request.RemoteUrl is { } url ? XmpPacket.WithProvenance(url) : null);
        if (embedder is null)
        {
            throw new SigningRefusedException(RefusalRule.UnsupportedFormat,
                $"{request.InputPath} is {mediaType ?? "not a recognised format"}; Verifier signs JPEG, PNG, RIFF (WebP, WAV, AVI) and ISO BMFF (MP4, MOV, M4A, HEIF/HEIC, AVIF)");
        }

        if (!request.Sidecar)
        {
            return (embedder, mediaType!);
        }

        if (handler!.Locate(source).Store is not null)
        {
            throw new SigningRefusedException(RefusalRule.SidecarForEmbeddedStore,
                $"{request.InputPath} embeds a manifest store, which readers would take instead of a sidecar; sign it embedded");
        }

        return (new SidecarEmbedder(embedder.UsesDataHash, Path.ChangeExtension(output, ".c2pa")), mediaType!);
    }
}
