using Verifier.Provenance.Assertions;
using Verifier.Provenance.Claims;
using Verifier.Provenance.Store;

namespace Verifier.Provenance.Validation;

/// <summary>
/// Validates a whole store as c2pa-rs's <c>verify_store</c> does: find what the active manifest reaches, which manifest
/// binds the asset, validate the active manifest, then walk its ingredients (recursively), logging each ingredient's
/// findings under that ingredient's URI.
/// </summary>
internal static class StoreValidator
{
    public static void Validate(ValidationSession session)
    {
        var store = session.Store;
        var active = store.Active!;
        var log = session.Log;

        if (!CollectReachable(active, session, []))
        {
            return;
        }

        session.BindingManifest = FindBindingManifest(active, store, 0);
        if (session.BindingManifest is null)
        {
            log.Add(ValidationCodes.ClaimHardBindingsMissing, active.Label, "could not find manifest with hard binding");
            return;
        }

        if (store.Manifests.Any(m => !session.Reachable.ContainsKey(m.Label)))
        {
            log.Add(ValidationCodes.ManifestUnreferenced, active.Label, "found unreference manifest in the store");
        }

        ManifestValidator.Validate(active, session);
        CheckIngredients(active, session, depth: 0);
    }

    /// <summary>Records every manifest reachable through ingredients; false on a cycle (c2pa-rs stops there).</summary>
    private static bool CollectReachable(Manifest manifest, ValidationSession session, List<string> path)
    {
        if (session.Reachable.ContainsKey(manifest.Label))
        {
            return true;
        }

        path.Add(manifest.Label);
        session.Redactions.UnionWith(manifest.Claim.RedactedAssertions);
        session.Reachable[manifest.Label] = manifest;
        foreach (var (assertion, ingredient) in Ingredients(manifest))
        {
            if (ingredient?.Manifest is not { } reference)
            {
                continue;
            }

            var label = JumbfUri.ManifestLabel(reference.Url) ?? reference.Url;
            if (session.Store.Get(label) is not { } target)
            {
                session.Log.Add(ValidationCodes.ClaimMissing, label, "ingredient missing missing");
                continue;
            }

            if (path.Contains(target.Label))
            {
                session.Log.Add(ValidationCodes.AssertionIngredientMalformed, JumbfUri.Assertion(manifest.Label, assertion.Label),
                    "ingredient cannot be cyclic");
                return false;
            }

            if (!CollectReachable(target, session, path))
            {
                return false;
            }
        }

        path.RemoveAt(path.Count - 1);
        return true;
    }

    private static string? FindBindingManifest(Manifest manifest, ManifestStore store, int depth)
    {
        if (ManifestValidator.HardBindings(manifest).Count > 0)
        {
            return manifest.Label;
        }

        if (!manifest.IsUpdate || depth > store.Manifests.Count)
        {
            return null;
        }

        var parent = Ingredients(manifest).Select(i => i.Ingredient).FirstOrDefault(i => i?.IsParent == true)?.Manifest;
        return parent is not null && store.Get(JumbfUri.ManifestLabel(parent.Url) ?? "") is { } p
            ? FindBindingManifest(p, store, depth + 1)
            : null;
    }

    private static IEnumerable<(AssertionBox Assertion, IngredientAssertion? Ingredient)> Ingredients(Manifest m) =>
        m.AssertionsOf(IngredientAssertion.BaseLabel).Select(a => (a, IngredientAssertion.From(a.Cbor)));

    private static void CheckIngredients(Manifest manifest, ValidationSession session, int depth)
    {
        var log = session.Log;
        if (depth > session.Store.Manifests.Count)
        {
            return;
        }

        foreach (var (assertion, ingredient) in Ingredients(manifest))
        {
            var ingredientUri = JumbfUri.Assertion(manifest.Label, assertion.Label);
            if (ingredient is null)
            {
                log.Add(ValidationCodes.AssertionIngredientMalformed, assertion.Label, "ingredient assertion could not be parsed");
                return;
            }

            if (ingredient.Relationship == "inputTo" || ingredient.Manifest is not { } reference)
            {
                continue;
            }

            log.PushIngredient(ingredientUri);
            try
            {
                if (!CheckIngredient(ingredient, reference, session, depth))
                {
                    return;
                }
            }
            finally
            {
                log.PopIngredient();
            }
        }
    }

    /// <summary>Checks one ingredient's manifest; false means c2pa-rs's hard stop (a claim signature missing or mismatched).</summary>
    private static bool CheckIngredient(IngredientAssertion ingredient, HashedUri reference, ValidationSession session, int depth)
    {
        var log = session.Log;
        var label = JumbfUri.ManifestLabel(reference.Url) ?? reference.Url;
        if (session.Store.Get(label) is not { } target)
        {
            log.Add(ValidationCodes.IngredientManifestMissing, label, "ingredient not found");
            return true;
        }

        var alg = reference.Alg ?? target.Alg;
        bool redacted = session.Redactions.Any(r => r.Contains(label, StringComparison.Ordinal));
        bool matches = false;
        bool legacyHash = false;
        if (!redacted && HashAlgorithms.IsSupported(alg))
        {
            matches = reference.Hash.Span.SequenceEqual(target.ManifestHash(alg));
            if (!matches)
            {
                // Manifests before C2PA 1.3 hashed the claim bytes rather than the manifest box.
                legacyHash = true;
                matches = HashAlgorithms.Matches(alg, target.Claim.Bytes.Span, reference.Hash.Span);
            }
        }

        if (matches && !legacyHash)
        {
            log.Add(ValidationCodes.IngredientManifestValidated, reference.Url, "ingredient hash matched");

            // A matching v2+ manifest needs no more checks; c2pa-rs re-validates only 1.x ingredients (trust spoofing).
            if (target.Claim.Version >= 2)
            {
                return true;
            }
        }

        if (!matches && !redacted)
        {
            // c2pa-rs 0.91 logs the mismatch and still validates the ingredient's manifest: its failures join the delta.
            log.Add(ValidationCodes.IngredientManifestMismatch, reference.Url, "ingredient hash incorrect");
        }
        else if (target.Claim.Version > 1)
        {
            if (ingredient.ClaimSignature is not { } signature)
            {
                log.Add(ValidationCodes.IngredientClaimSignatureMissing, reference.Url, "ingredient claimSignature missing");
                return false;
            }

            if (!signature.Hash.Span.SequenceEqual(target.SignatureHash(signature.Alg ?? target.Alg)))
            {
                log.Add(ValidationCodes.IngredientClaimSignatureMismatch, reference.Url, "ingredient claimSignature mismatch");
                return false;
            }

            log.Add(ValidationCodes.IngredientClaimSignatureValidated, reference.Url, "ingredient claimSignature validated");
        }

        ManifestValidator.Validate(target, session);
        CheckIngredients(target, session, depth + 1);
        return true;
    }
}
