using System.Security.Cryptography;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Signing.Embedding;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Signing;

/// <summary>
/// Signs an asset (the counterpart of c2pa-rs's <c>Builder::sign</c>) for JPEG, PNG and MP4/MOV, keeping the
/// reserved-size contract: a placeholder store of the final size is embedded while the input is copied once and the
/// hard binding hashed on the way; then the binding, claim and COSE are made and the store is written over the
/// placeholder. An input that already carries a store has it replaced (as c2pa-rs does); to keep it as history,
/// name the input as <see cref="SignRequest.ParentPath"/>.
/// </summary>
public static class Builder
{
    private const int SaltLength = 16;

    public static SignResult Sign(SignRequest request)
    {
        string input = Path.GetFullPath(request.InputPath);
        string output = Path.GetFullPath(request.OutputPath);
        if (string.Equals(input, output, StringComparison.Ordinal))
        {
            throw new SigningRefusedException(RefusalRule.OutputIsInput, $"the output {request.OutputPath} is the input: Verifier never signs in place");
        }

        CheckSigner(request.Signer);
        var parent = request.ParentPath is { } p ? ParentIngredient.Load(p, request.ParentTrust) : null;

        using var source = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var (embedder, mediaType) = EmbedderFor(source, request.InputPath);
        var manifest = new ManifestAssembly(request, parent, embedder.UsesDataHash);
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
                : AssertionCbor.BmffHashAssertion(digest);
            var claim = manifest.Claim(binding);
            var cose = CoseSign1Writer.Sign(request.Signer, request.TimeStamper, claim, reserved);
            var store = manifest.Store(binding, cose);
            if (store.Length != placeholder.Length)
            {
                throw new InvalidOperationException($"the signed store is {store.Length} bytes, its placeholder {placeholder.Length}");
            }

            embedder.WriteStore(target, placement, store);
            done = true;
            return new SignResult(output, manifest.Label, store.Length, cose.Length, mediaType);
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

    /// <summary>Refuses a certificate that breaks the C2PA profile, and a key that does not match it.</summary>
    private static void CheckSigner(IClaimSigner signer)
    {
        var chain = signer.CertificateChain;
        var leaf = chain.Count > 0 ? CertificateReader.TryParse(chain[0]) : null;
        if (leaf is null)
        {
            throw new SigningRefusedException(RefusalRule.CertificateProfile, "the signer certificate is missing or cannot be parsed");
        }

        var log = new StatusLog();
        if (!CertificateProfile.CheckEndEntity(leaf, DateTimeOffset.UtcNow, CertificateOids.DefaultSignerEkus, null, log, null))
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

    private static (StoreEmbedder Embedder, string MediaType) EmbedderFor(Stream source, string path)
    {
        var handler = AssetHandlers.Detect(source);
        var mediaType = handler?.MediaType(source);
        // HEIF/AVIF are BMFF too, but locate items through iloc offsets this embedder does not move.
        var embedder = handler is null || mediaType is null || mediaType.StartsWith("image/", StringComparison.Ordinal) && handler is Formats.Bmff.BmffHandler
            ? null
            : StoreEmbedder.For(handler);
        return embedder is null
            ? throw new SigningRefusedException(RefusalRule.UnsupportedFormat,
                $"{path} is {mediaType ?? "not a recognised format"}; Verifier signs JPEG, PNG and MP4/MOV")
            : (embedder, mediaType!);
    }

    /// <summary>The new manifest's parts, fixed between the placeholder pass and the signed pass so both are the same size.</summary>
    private sealed class ManifestAssembly
    {
        private readonly List<(string Label, string Type, byte[] Data, byte[] Salt)> _assertions = [];
        private readonly SignRequest _request;
        private readonly ParentIngredient? _parent;
        private readonly string _instanceId = "xmp:iid:" + Guid.NewGuid();
        private readonly byte[] _bindingSalt = RandomNumberGenerator.GetBytes(SaltLength);
        private readonly string _bindingLabel;
        private readonly bool _dataHash;

        public ManifestAssembly(SignRequest request, ParentIngredient? parent, bool dataHash)
        {
            _request = request;
            _parent = parent;
            _dataHash = dataHash;
            _bindingLabel = dataHash ? AssertionCbor.DataHash : AssertionCbor.BmffHash;
            HashedUriRef? parentRef = null;
            if (parent is not null)
            {
                Add(AssertionCbor.Ingredient, "cbor", parent.Assertion);
                parentRef = Uri(_assertions[^1]);
            }

            var moreActions = new List<byte[]>();
            foreach (var a in request.Definition.Assertions)
            {
                if (a.Label is "c2pa.actions" or AssertionCbor.Actions)
                {
                    moreActions.AddRange(DefinedActions(a));
                }
            }

            Add(AssertionCbor.Actions, "cbor",
                AssertionCbor.ActionsV2(request.DigitalSourceType ?? (parent is null ? DigitalSourceTypes.Empty : null), parentRef, request.Definition.Generator, moreActions));
            foreach (var a in request.Definition.Assertions.Where(a => a.Label is not ("c2pa.actions" or AssertionCbor.Actions)))
            {
                Add(Unique(a.Label), a.AsJson ? "json" : "cbor",
                    a.AsJson ? System.Text.Encoding.UTF8.GetBytes(a.Data.GetRawText()) : ManifestDefinition.ToCbor(a.Data));
            }
        }

        public string Label { get; } = "urn:c2pa:" + Guid.NewGuid();

        /// <summary>The hard binding with placeholder values as wide as any real ones, so the real one fits with padding.</summary>
        public byte[] PlaceholderBinding() => _dataHash
            ? AssertionCbor.DataHashAssertion(long.MaxValue, long.MaxValue, new byte[32], null)
            : AssertionCbor.BmffHashAssertion(new byte[32]);

        public byte[] Claim(byte[] binding) =>
            ClaimCbor.V2(Label, _instanceId, _request.Definition.Generator, Boxes(binding).Select(b => b.Uri).ToList(), _request.Definition.Title);

        public byte[] Store(byte[] binding, byte[] cose)
        {
            var boxes = Boxes(binding);
            var assertionStore = JumbfWriter.Superbox("c2as", "c2pa.assertions", boxes.Select(b => b.Box));
            var claimBox = JumbfWriter.Superbox("c2cl", ClaimCbor.Label, [JumbfWriter.Box("cbor", Claim(binding))]);
            var signatureBox = JumbfWriter.Superbox("c2cs", "c2pa.signature", [JumbfWriter.Box("cbor", cose)]);
            var manifest = JumbfWriter.Superbox("c2ma", Label, [assertionStore, claimBox, signatureBox]);
            var manifests = (_parent?.Manifests ?? []).Select(m => m.ToArray()).Append(manifest);
            return JumbfWriter.Superbox("c2pa", "c2pa", manifests);
        }

        private List<(byte[] Box, HashedUriRef Uri)> Boxes(byte[] binding) =>
            _assertions.Append((Label: _bindingLabel, Type: "cbor", Data: binding, Salt: _bindingSalt))
                .Select(a => (Box: AssertionBox(a), a.Label))
                .Select(b => (b.Box, HashedUriRef.Of("self#jumbf=c2pa.assertions/" + b.Label, JumbfWriter.PayloadOf(b.Box))))
                .ToList();

        private static byte[] AssertionBox((string Label, string Type, byte[] Data, byte[] Salt) a) =>
            JumbfWriter.Superbox(a.Type, a.Label, [JumbfWriter.Box(a.Type, a.Data)], a.Salt);

        private void Add(string label, string type, byte[] data) =>
            _assertions.Add((label, type, data, RandomNumberGenerator.GetBytes(SaltLength)));

        private static HashedUriRef Uri((string Label, string Type, byte[] Data, byte[] Salt) a) =>
            HashedUriRef.Of("self#jumbf=c2pa.assertions/" + a.Label, JumbfWriter.PayloadOf(AssertionBox(a)));

        /// <summary>Repeated labels get <c>__1</c>, <c>__2</c>... as c2pa-rs numbers them.</summary>
        private string Unique(string label)
        {
            var taken = _assertions.Select(a => a.Label).Append(_bindingLabel).ToHashSet();
            var name = label;
            for (int n = 1; taken.Contains(name); n++)
            {
                name = $"{label}__{n}";
            }

            return name;
        }

        /// <summary>The definition's own actions, minus a <c>created</c>/<c>opened</c> (the builder writes the first action).</summary>
        private static IEnumerable<byte[]> DefinedActions(AssertionDefinition a)
        {
            if (!a.Data.TryGetProperty("actions", out var actions) || actions.ValueKind != System.Text.Json.JsonValueKind.Array)
            {
                yield break;
            }

            foreach (var action in actions.EnumerateArray())
            {
                var name = action.TryGetProperty("action", out var n) ? n.GetString() : null;
                if (name is not ("c2pa.created" or "c2pa.opened"))
                {
                    yield return ManifestDefinition.ToCbor(action);
                }
            }
        }
    }
}
