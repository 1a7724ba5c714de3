using Verifier.Provenance.Certificates;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Store;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Signing;

/// <summary>
/// An ingredient as the builder records it (c2pa-rs's <c>Ingredient::from_file</c>): its title, format and instance id,
/// a thumbnail, and, when the file carries manifests, those manifests (carried whole into the new store, so the
/// ingredient's hashed URIs resolve) with the hashed URIs of its active manifest and signature and what validating it
/// reported.
/// </summary>
internal sealed record LoadedIngredient(IngredientDefinition Definition, string Title, string Format, string InstanceId)
{
    public IngredientManifest? Manifest { get; init; }

    public Thumbnail? Thumbnail { get; init; }

    /// <summary>
    /// Loads <paramref name="definition"/>'s file (or takes its metadata alone); <paramref name="thumbnails"/> makes the
    /// ingredient thumbnail (null: none). An unreadable file is refused naming the entry.
    /// </summary>
    public static LoadedIngredient Load(IngredientDefinition definition, TrustSettings trust, IThumbnailMaker? thumbnails)
    {
        var instanceId = definition.InstanceId ?? "xmp:iid:" + Guid.NewGuid();
        if (definition.FilePath is not { } path)
        {
            return new LoadedIngredient(definition, definition.Title!, definition.Format ?? "application/octet-stream", instanceId);
        }

        var title = definition.Title ?? Path.GetFileName(path);
        string? mediaType;
        ReadOnlyMemory<byte>? storeBytes;
        try
        {
            using var asset = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var handler = AssetHandlers.Detect(asset);
            mediaType = handler?.MediaType(asset);
            storeBytes = handler?.Locate(asset).Store;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ProvenanceReadException)
        {
            throw new SigningRefusedException(RefusalRule.BadIngredient, $"{definition.Entry}: cannot read {path}: {e.Message}");
        }

        if (mediaType is null)
        {
            // c2pa-rs records a file it cannot parse by the format it is given; it has no manifest or thumbnail to take.
            return new LoadedIngredient(definition, title, definition.Format ?? "application/octet-stream", instanceId);
        }

        return new LoadedIngredient(definition, title, mediaType, instanceId)
        {
            Manifest = storeBytes is { } bytes ? IngredientManifest.Load(definition, path, bytes, trust) : null,
            Thumbnail = thumbnails?.Make(path, mediaType),
        };
    }
}

/// <summary>An ingredient's manifest store as carried into the new one, and the references and results recorded for it.</summary>
internal sealed record IngredientManifest(
    IReadOnlyList<Manifest> Manifests,
    HashedUriRef ActiveManifest,
    HashedUriRef ClaimSignature,
    IReadOnlyList<ValidationStatus> Statuses)
{
    public static IngredientManifest Load(IngredientDefinition definition, string path, ReadOnlyMemory<byte> storeBytes, TrustSettings trust)
    {
        ManifestStore store;
        try
        {
            store = ManifestStore.Parse(storeBytes);
        }
        catch (ProvenanceReadException e)
        {
            throw new SigningRefusedException(RefusalRule.BadIngredient, $"{definition.Entry}: the manifest store of {path} cannot be read: {e.Message}");
        }

        var active = store.Active!;
        var signature = active.Box.Child("c2pa.signature")
            ?? throw new SigningRefusedException(RefusalRule.BadIngredient, $"{definition.Entry}: the active manifest of {path} has no signature");
        var activeUrl = $"self#jumbf=/c2pa/{active.Label}";
        var result = Reader.Validate(path, new VerifyOptions { Trust = trust });
        return new IngredientManifest(
            store.Manifests,
            HashedUriRef.Of(activeUrl, active.Box.Payload.Span),
            HashedUriRef.Of(activeUrl + "/c2pa.signature", signature.Payload.Span),
            result.Statuses.Where(s => s.IngredientUri is null).ToList());
    }
}
