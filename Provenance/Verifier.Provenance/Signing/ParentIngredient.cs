using Verifier.Provenance.Certificates;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Store;

namespace Verifier.Provenance.Signing;

/// <summary>
/// A parent asset as the builder records it: its manifests (carried whole into the new store, so the ingredient's
/// hashed URIs resolve) and the <c>c2pa.ingredient.v3</c> assertion that points at its active manifest.
/// </summary>
internal sealed record ParentIngredient(IReadOnlyList<ReadOnlyMemory<byte>> Manifests, byte[] Assertion)
{
    public static ParentIngredient Load(string path, TrustSettings trust)
    {
        string mediaType;
        ManifestStore store;
        using (var asset = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            var handler = AssetHandlers.Detect(asset)
                ?? throw new SigningRefusedException(RefusalRule.ParentWithoutManifest, $"the parent {path} is not a format Verifier reads");
            mediaType = handler.MediaType(asset);
            var located = handler.Locate(asset);
            if (located.Store is not { } bytes)
            {
                throw new SigningRefusedException(RefusalRule.ParentWithoutManifest, $"the parent {path} carries no embedded C2PA manifest store");
            }

            store = ManifestStore.Parse(bytes);
        }

        var active = store.Active
            ?? throw new SigningRefusedException(RefusalRule.ParentWithoutManifest, $"the parent {path}'s manifest store holds no manifest");
        var signature = active.Box.Child("c2pa.signature")
            ?? throw new SigningRefusedException(RefusalRule.ParentWithoutManifest, $"the parent {path}'s active manifest has no signature");
        var activeUrl = $"self#jumbf=/c2pa/{active.Label}";
        var result = Reader.Validate(path, new VerifyOptions { Trust = trust });
        var assertion = AssertionCbor.ParentIngredientV3(
            Path.GetFileName(path),
            mediaType,
            HashedUriRef.Of(activeUrl, active.Box.Payload.Span),
            HashedUriRef.Of(activeUrl + "/c2pa.signature", signature.Payload.Span),
            result.Statuses.Where(s => s.IngredientUri is null).ToList());
        return new ParentIngredient(store.Manifests.Select(m => m.Box.Whole).ToList(), assertion);
    }
}
