using Verifier.Provenance.Assertions;
using Verifier.Provenance.Claims;
using Verifier.Provenance.Store;

namespace Verifier.Provenance.Validation;

/// <summary>
/// The actions rules c2pa-rs enforces for v2 claims (v1 claims only get the one-actions-assertion rule): the first
/// actions assertion starts with <c>c2pa.created</c> or <c>c2pa.opened</c>, only it may, and opened/placed/removed/
/// transcoded/repackaged actions name ingredients of the right relationship, and <c>c2pa.created</c> carries a
/// <c>digitalSourceType</c> (c2pa-rs 0.90+).
/// </summary>
internal static class ActionRules
{
    private const string Created = "c2pa.created";
    private const string Opened = "c2pa.opened";

    public static void Check(Manifest manifest, StatusLog log)
    {
        var claim = manifest.Claim;
        var all = manifest.AssertionsOf(ActionsAssertion.BaseLabel).ToList();
        if (claim.Version < 2)
        {
            if (all.Count > 1)
            {
                log.Add(ValidationCodes.AssertionActionMalformed, manifest.Label, "only one action assertion allowed for v1 claims");
            }

            return;
        }

        var parsed = all.Select(a => (Box: a, Actions: ActionsAssertion.From(a.Cbor))).ToList();
        if (parsed.FirstOrDefault(p => p.Actions is { Actions.Count: 0 }) is { Box: not null } empty)
        {
            log.Add(ValidationCodes.AssertionActionMalformed, JumbfUri.Assertion(manifest.Label, empty.Box.Label), "Actions missing action array");
            return;
        }

        AssertionBox? first = null;
        foreach (var refs in new[] { claim.CreatedAssertions, claim.GatheredAssertions })
        {
            var firstActions = parsed.FirstOrDefault(p => refs.Any(r => r.Label == p.Box.Label));
            if (firstActions.Actions?.Actions.FirstOrDefault()?.Name is Created or Opened)
            {
                first = firstActions.Box;
            }
        }

        if (first is null && !manifest.IsUpdate)
        {
            log.Add(ValidationCodes.AssertionActionMalformed, manifest.Label, "first action must be created or opened");
        }

        var ingredients = manifest.AssertionsOf(IngredientAssertion.BaseLabel)
            .Select(i => (i.Label, Ingredient: IngredientAssertion.From(i.Cbor))).ToList();
        bool Refers(HashedUri? single, IReadOnlyList<HashedUri>? many, string relationship) =>
            (single is null ? many ?? [] : [single]).Any(h => ingredients.Any(i => i.Label == h.Label && i.Ingredient?.Relationship == relationship));

        for (int index = 0; index < parsed.Count; index++)
        {
            var (box, actions) = parsed[index];
            var url = JumbfUri.Assertion(manifest.Label, box.Label);
            foreach (var action in actions?.Actions ?? [])
            {
                bool createdOrOpened = action.Name is Created or Opened;
                if (action.Name.Length == 0)
                {
                    log.Add(ValidationCodes.AssertionActionMalformed, url, "action must have an action.");
                }

                if (action.Name == Created && action.DigitalSourceType is null)
                {
                    log.Add(ValidationCodes.AssertionActionMalformed, url, "c2pa.created action must have a digitalSourceType");
                }

                if (first is not null && first != box && createdOrOpened)
                {
                    log.Add(ValidationCodes.AssertionActionMalformed, url, "only first action can be created or opened");
                }

                if (index != 0 && createdOrOpened)
                {
                    log.Add(ValidationCodes.AssertionActionMalformed, url, "created or opened must be first action");
                }

                if (action.Name is Opened or "c2pa.placed" or "c2pa.removed")
                {
                    if (!action.HasParameters || (action.Ingredient is null && action.Ingredients is null))
                    {
                        log.Add(ValidationCodes.AssertionActionIngredientMismatch, url,
                            "opened, placed and removed items must have ingredient(s) parameters");
                        continue;
                    }

                    if (action.Ingredients is { Count: 0 })
                    {
                        log.Add(ValidationCodes.AssertionActionIngredientMismatch, url,
                            "opened, placed and removed items must have ingredients parameter must be non empty array");
                    }

                    var relationship = action.Name == Opened ? "parentOf" : "componentOf";
                    if (!Refers(action.Ingredient, action.Ingredients, relationship))
                    {
                        log.Add(ValidationCodes.AssertionActionIngredientMismatch, url,
                            action.Name == Opened
                                ? "opened must have valid ingredient with ParentOf relationship"
                                : "action must have valid ingredient with ComponentOf relationship");
                    }
                }

                if (action.Name is "c2pa.transcoded" or "c2pa.repackaged" && action.HasParameters
                    && (action.Ingredient is not null || action.Ingredients is not null)
                    && !Refers(action.Ingredient, action.Ingredients, "parentOf"))
                {
                    log.Add(ValidationCodes.AssertionActionIngredientMismatch, url, "action must have valid ingredient with ParentOf relationship");
                }
            }
        }
    }
}
