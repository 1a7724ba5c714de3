using System.Formats.Cbor;
using System.Text.Json;

namespace Verifier.Provenance.Signing;

/// <summary>
/// A manifest definition's own action as CBOR. c2pa-rs lets a definition name an action's ingredients by id
/// (<c>parameters.ingredientIds</c>: an ingredient's <c>label</c> or <c>instance_id</c>); the claim needs them as
/// hashed URIs (<c>parameters.ingredients</c>), so those ids are resolved here.
/// </summary>
internal static class DefinedAction
{
    /// <param name="ingredients">The ingredient assertions by id.</param>
    /// <param name="named">Collects the URL of each ingredient the action names.</param>
    public static byte[] ToCbor(JsonElement action, IReadOnlyDictionary<string, HashedUriRef> ingredients, ISet<string> named)
    {
        if (!action.TryGetProperty("parameters", out var parameters) || parameters.ValueKind != JsonValueKind.Object
            || !parameters.TryGetProperty("ingredientIds", out var ids))
        {
            return ManifestDefinition.ToCbor(action);
        }

        var name = action.TryGetProperty("action", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : "(unnamed)";
        if (ids.ValueKind != JsonValueKind.Array || ids.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String))
        {
            throw new SigningRefusedException(RefusalRule.BadIngredient, $"action {name}: ingredientIds must be an array of strings");
        }

        var refs = ids.EnumerateArray().Select(i => i.GetString()!).Select(id => ingredients.TryGetValue(id, out var r)
            ? r
            : throw new SigningRefusedException(RefusalRule.BadIngredient,
                $"action {name}: ingredientIds names \"{id}\", which no ingredient has as its label or instance_id")).ToList();
        named.UnionWith(refs.Select(r => r.Url));

        var w = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: true);
        w.WriteStartMap(null);
        foreach (var p in action.EnumerateObject())
        {
            w.WriteTextString(p.Name);
            if (p.Name != "parameters")
            {
                ManifestDefinition.WriteCbor(w, p.Value);
                continue;
            }

            w.WriteStartMap(null);
            foreach (var q in parameters.EnumerateObject().Where(q => q.Name is not ("ingredientIds" or "ingredients")))
            {
                w.WriteTextString(q.Name);
                ManifestDefinition.WriteCbor(w, q.Value);
            }

            w.WriteTextString("ingredients");
            w.WriteStartArray(refs.Count);
            refs.ForEach(r => r.Write(w, withAlg: true));
            w.WriteEndArray();
            w.WriteEndMap();
        }

        w.WriteEndMap();
        return w.Encode();
    }
}
