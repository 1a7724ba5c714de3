using Verifier.Provenance.Assertions;
using Verifier.Provenance.Bindings;
using Verifier.Provenance.Claims;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Identity;
using Verifier.Provenance.Store;

namespace Verifier.Provenance.Validation;

/// <summary>
/// Validates one manifest the way c2pa-rs's <c>verify_claim</c> does: claim signature and credentials, redaction and
/// ingredient-count rules, every hashed URI, the hard binding (for the manifest that binds the asset), the actions rules.
/// </summary>
internal static class ManifestValidator
{
    private static readonly string[] HashBindingPrefixes = ["c2pa.hash.data", "c2pa.hash.bmff", "c2pa.hash.boxes"];

    /// <summary>The hard-binding assertions of a manifest (multi-part hashes excepted).</summary>
    public static List<AssertionBox> HardBindings(Manifest m) =>
        m.Assertions.Where(a => HashBindingPrefixes.Any(p => a.Label.StartsWith(p, StringComparison.Ordinal))
            && !JumbfUri.BaseLabel(a.Label).EndsWith(".part", StringComparison.Ordinal)).ToList();

    public static void Validate(Manifest manifest, ValidationSession session)
    {
        var log = session.Log;
        var claim = manifest.Claim;
        var signatureUrl = JumbfUri.Signature(manifest.Label);

        var referenced = JumbfUri.ManifestLabel(claim.Signature);
        if ((referenced is not null && referenced != manifest.Label) || JumbfUri.BoxName(claim.Signature) != "c2pa.signature")
        {
            log.Add(ValidationCodes.ClaimSignatureMissing, signatureUrl, "signature missing");
        }

        if (claim.Version > 1 && !IsV2ManifestLabel(manifest.Label))
        {
            log.Add(ValidationCodes.ClaimMalformed, JumbfUri.Manifest(manifest.Label), "claim box label invalid");
        }

        var signer = ClaimSignatureValidator.Validate(manifest.Signature, claim.Bytes, claim.Version, session.Options.Trust, log, signatureUrl);
        if (signer is not null)
        {
            session.Signers[manifest.Label] = signer;
        }

        CheckRedactions(manifest, log);
        CheckParents(manifest, log);
        CheckAssertionHashes(manifest, session);
        if (manifest == session.Store.Active)
        {
            CheckHardBinding(manifest, session);
        }

        ActionRules.Check(manifest, log);
        if (manifest == session.Store.Active)
        {
            CheckIdentities(manifest, session);
        }
    }

    /// <summary>CAWG identity assertions of the active manifest (c2pa-rs validates them after the manifest itself).</summary>
    private static void CheckIdentities(Manifest manifest, ValidationSession session)
    {
        var context = new IdentityContext { ClaimAssertions = manifest.Claim.Assertions };
        foreach (var identity in manifest.Assertions.Where(a => a.BaseLabel == "cawg.identity"))
        {
            if (identity.Cbor is { } cbor)
            {
                IdentityAssertionValidator.Validate(cbor, JumbfUri.Assertion(manifest.Label, identity.Label), context, session.Log);
            }
            else
            {
                // c2pa-rs cannot load such a manifest and reports the decoding failure against it.
                session.Log.Add(ValidationCodes.AssertionRequiredMissing, JumbfUri.Manifest(manifest.Label),
                    $"Failed to load manifest: {identity.Label} is not valid CBOR");
            }
        }
    }

    private static bool IsV2ManifestLabel(string label) =>
        label.StartsWith("urn:c2pa:", StringComparison.Ordinal) && label.Length >= "urn:c2pa:".Length + 36
        && Guid.TryParse(label.AsSpan("urn:c2pa:".Length, 36), out _);

    private static void CheckRedactions(Manifest manifest, StatusLog log)
    {
        foreach (var r in manifest.Claim.RedactedAssertions)
        {
            if (r.Contains(manifest.Label, StringComparison.Ordinal))
            {
                log.Add(ValidationCodes.AssertionSelfRedacted, r, "claim contains self redaction");
            }

            if (r.Contains(ActionsAssertion.BaseLabel, StringComparison.Ordinal))
            {
                log.Add(ValidationCodes.AssertionActionRedacted, r, "redaction of action assertions disallowed");
            }

            if (HashBindingPrefixes.Any(h => r.Contains(h, StringComparison.Ordinal)))
            {
                log.Add(ValidationCodes.AssertionDataHashRedacted, r, "redaction of disallowed hash assertion");
            }
        }
    }

    private static void CheckParents(Manifest manifest, StatusLog log)
    {
        int parents = manifest.AssertionsOf(IngredientAssertion.BaseLabel).Count(a => IngredientAssertion.From(a.Cbor)?.IsParent == true);
        var uri = JumbfUri.Manifest(manifest.Label);
        if (!manifest.IsUpdate)
        {
            if (parents > 1)
            {
                log.Add(ValidationCodes.ManifestMultipleParents, uri, "too many ingredient parents");
            }

            return;
        }

        string[] allowed = ["c2pa.edited.metadata", "c2pa.opened", "c2pa.published", "c2pa.redacted"];
        foreach (var a in manifest.AssertionsOf(ActionsAssertion.BaseLabel))
        {
            foreach (var action in ActionsAssertion.From(a.Cbor)?.Actions ?? [])
            {
                if (!allowed.Contains(action.Name))
                {
                    log.Add(ValidationCodes.ManifestUpdateInvalid, uri, "update manifests contains disallowed actions assertion");
                }
            }
        }

        if (parents == 0)
        {
            log.Add(ValidationCodes.ManifestUpdateWrongParents, uri, "update manifest must have ingredient with parentOf relationship");
        }
        else if (parents > 1)
        {
            log.Add(ValidationCodes.ManifestUpdateInvalid, uri, "update manifests can have one 1 ingredient");
        }
    }

    private static void CheckAssertionHashes(Manifest manifest, ValidationSession session)
    {
        var log = session.Log;
        foreach (var reference in manifest.Claim.Assertions)
        {
            string absolute;
            if (JumbfUri.IsRelative(reference.Url))
            {
                absolute = JumbfUri.ToAbsolute(manifest.Label, reference.Url);
            }
            else
            {
                var owner = JumbfUri.ManifestLabel(reference.Url);
                if (owner != manifest.Label)
                {
                    log.Add(ValidationCodes.AssertionOutsideManifest, reference.Url,
                        $"assertion reference to external assertion store: {reference.Url}");
                }

                absolute = reference.Url;
            }

            if (session.Redactions.Any(r => JumbfUri.ManifestLabel(r) == manifest.Label && JumbfUri.LastSegment(r) == reference.Label))
            {
                continue;
            }

            var assertion = manifest.Assertion(reference.Label);
            if (assertion is null)
            {
                log.Add(ValidationCodes.AssertionMissing, absolute, $"cannot find matching assertion: {reference.Url}");
                continue;
            }

            var alg = reference.Alg ?? manifest.Alg;
            if (HashAlgorithms.IsSupported(alg) && HashAlgorithms.Matches(alg, assertion.Box.Payload.Span, reference.Hash.Span))
            {
                log.Add(ValidationCodes.AssertionHashedUriMatch, absolute, $"hashed uri matched: {reference.Url}");
            }
            else
            {
                log.Add(ValidationCodes.AssertionHashedUriMismatch, absolute, $"hash does not match assertion data: {reference.Url}");
            }

            CheckDecodes(assertion, absolute, log);
        }
    }

    /// <summary>c2pa-rs refuses assertions whose declared encoding does not decode.</summary>
    private static void CheckDecodes(AssertionBox assertion, string url, StatusLog log)
    {
        if (assertion.ContentType == "cbor" && assertion.Cbor is null)
        {
            log.Add(ValidationCodes.AssertionCborInvalid, url, "invalid assertion cbor");
        }
        else if (assertion.ContentType == "json")
        {
            try
            {
                using var _ = System.Text.Json.JsonDocument.Parse(assertion.Data);
            }
            catch (System.Text.Json.JsonException)
            {
                log.Add(ValidationCodes.AssertionJsonInvalid, url, "invalid assertion json");
            }
        }
    }

    /// <summary>
    /// The hard binding that covers the asset: the active manifest's own, or for an update manifest (which may carry
    /// none) its parent's, whose data-hash exclusion then spans the grown store.
    /// </summary>
    private static void CheckHardBinding(Manifest active, ValidationSession session)
    {
        var log = session.Log;
        if (active.IsUpdate && HardBindings(active).Count > 0)
        {
            log.Add(ValidationCodes.ManifestUpdateInvalid, JumbfUri.Claim(active.Label), "update manifests cannot contain data hash assertions");
        }

        if (session.BindingManifest is not { } label || session.Store.Get(label) is not { } binding)
        {
            return;
        }

        var bindings = HardBindings(binding);
        var claimUri = JumbfUri.Claim(binding.Label);
        if (!binding.IsUpdate)
        {
            if (bindings.Count == 0)
            {
                log.Add(ValidationCodes.ClaimHardBindingsMissing, claimUri, "claim missing data binding");
            }

            if (bindings.Count != 1)
            {
                log.Add(ValidationCodes.AssertionMultipleHardBindings, claimUri, "claim has multiple data bindings");
            }
        }

        foreach (var assertion in bindings)
        {
            HardBindingCheck.Run(binding, assertion, session, storeGrew: binding != active);
        }
    }
}
