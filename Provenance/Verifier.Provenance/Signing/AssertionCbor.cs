using System.Formats.Cbor;
using Verifier.Provenance.Formats.Bmff;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Signing;

/// <summary>The CBOR of the assertions the builder writes itself: actions v2, ingredient v3 and the hard bindings.</summary>
internal static class AssertionCbor
{
    public const string Actions = "c2pa.actions.v2";
    public const string Ingredient = "c2pa.ingredient.v3";
    public const string DataHash = "c2pa.hash.data";
    public const string BmffHash = "c2pa.hash.bmff.v3";

    /// <summary>
    /// <c>{actions: [first, placed..., ...more]}</c>: <c>c2pa.created</c> with its digital source type, or
    /// <c>c2pa.opened</c> naming the parent ingredient; then one <c>c2pa.placed</c> per component ingredient in
    /// <paramref name="placed"/> (as c2pa-rs's auto-placed action writes it); <paramref name="more"/> are further actions
    /// from the manifest definition, already CBOR.
    /// </summary>
    public static byte[] ActionsV2(string? sourceType, HashedUriRef? parent, GeneratorInfo agent, IReadOnlyList<HashedUriRef> placed,
        IReadOnlyList<byte[]> more)
    {
        var w = NewWriter();
        w.WriteStartMap(1);
        w.WriteTextString("actions");
        w.WriteStartArray(1 + placed.Count + more.Count);
        w.WriteStartMap(2 + (sourceType is null ? 0 : 1) + (parent is null ? 0 : 1));
        w.WriteTextString("action");
        w.WriteTextString(parent is null ? "c2pa.created" : "c2pa.opened");
        w.WriteTextString("softwareAgent");
        agent.Write(w);
        if (sourceType is not null)
        {
            w.WriteTextString("digitalSourceType");
            w.WriteTextString(sourceType);
        }

        if (parent is not null)
        {
            WriteIngredientParameters(w, parent);
        }

        w.WriteEndMap();
        foreach (var component in placed)
        {
            w.WriteStartMap(2);
            w.WriteTextString("action");
            w.WriteTextString("c2pa.placed");
            WriteIngredientParameters(w, component);
            w.WriteEndMap();
        }

        foreach (var action in more)
        {
            w.WriteEncodedValue(action);
        }

        w.WriteEndArray();
        w.WriteEndMap();
        return w.Encode();
    }

    /// <summary>
    /// An ingredient v3 as c2pa-rs records one: title, format, relationship, instance id, the thumbnail assertion's hashed
    /// URI when there is one, and for an ingredient with manifests its active manifest and signature as hashed URIs and
    /// what validating it reported (<c>validationResults.activeManifest</c>).
    /// </summary>
    public static byte[] IngredientV3(LoadedIngredient ingredient, HashedUriRef? thumbnail)
    {
        var manifest = ingredient.Manifest;
        var w = NewWriter();
        w.WriteStartMap(4 + (thumbnail is null ? 0 : 1) + (manifest is null ? 0 : 3));
        w.WriteTextString("dc:title");
        w.WriteTextString(ingredient.Title);
        w.WriteTextString("dc:format");
        w.WriteTextString(ingredient.Format);
        w.WriteTextString("relationship");
        w.WriteTextString(ingredient.Definition.RelationshipName);
        w.WriteTextString("instanceID");
        w.WriteTextString(ingredient.InstanceId);
        if (thumbnail is not null)
        {
            w.WriteTextString("thumbnail");
            thumbnail.Write(w, withAlg: true);
        }

        if (manifest is not null)
        {
            w.WriteTextString("activeManifest");
            manifest.ActiveManifest.Write(w, withAlg: true);
            w.WriteTextString("claimSignature");
            manifest.ClaimSignature.Write(w, withAlg: true);
            w.WriteTextString("validationResults");
            w.WriteStartMap(1);
            w.WriteTextString("activeManifest");
            w.WriteStartMap(3);
            WriteStatuses(w, "success", manifest.Statuses.Where(s => s.Kind == StatusKind.Success));
            WriteStatuses(w, "informational", manifest.Statuses.Where(s => s.Kind == StatusKind.Informational));
            WriteStatuses(w, "failure", manifest.Statuses.Where(s => s.Kind == StatusKind.Failure));
            w.WriteEndMap();
            w.WriteEndMap();
        }

        w.WriteEndMap();
        return w.Encode();
    }

    /// <summary>
    /// <c>c2pa.hash.data</c> over everything but the exclusion (none when its length is 0, for a sidecar store).
    /// <paramref name="size"/>, when given, is the
    /// placeholder's size to reach exactly with <c>pad</c>, so the store keeps the size its exclusion was laid out for.
    /// </summary>
    public static byte[] DataHashAssertion(long start, long length, byte[] hash, int? size)
    {
        byte[] Encode(int? pad, int? pad2)
        {
            var w = NewWriter();
            w.WriteStartMap(pad2 is null ? 5 : 6);
            w.WriteTextString("exclusions");
            w.WriteStartArray(length == 0 ? 0 : 1);
            if (length != 0)
            {
                w.WriteStartMap(2);
                w.WriteTextString("start");
                w.WriteInt64(start);
                w.WriteTextString("length");
                w.WriteInt64(length);
                w.WriteEndMap();
            }

            w.WriteEndArray();
            w.WriteTextString("name");
            w.WriteTextString("jumbf manifest");
            w.WriteTextString("alg");
            w.WriteTextString("sha256");
            w.WriteTextString("hash");
            w.WriteByteString(hash);
            w.WriteTextString("pad");
            w.WriteByteString(new byte[pad ?? 0]);
            if (pad2 is { } p2)
            {
                w.WriteTextString("pad2");
                w.WriteByteString(new byte[p2]);
            }

            w.WriteEndMap();
            return w.Encode();
        }

        return size is { } target ? PadFitter.Fit(target, Encode) : Encode(null, null);
    }

    /// <summary>
    /// <c>c2pa.hash.bmff.v3</c>, flat hash, excluding what c2pa-rs excludes: the C2PA <c>uuid</c> box (matched on its
    /// UUID at offset 8), <c>ftyp</c>, <c>mfra</c>, <c>free</c> and <c>skip</c>.
    /// </summary>
    public static byte[] BmffHashAssertion(byte[] hash) => BmffHashAssertion(hash, null);

    /// <summary>
    /// <c>c2pa.hash.bmff.v3</c> of a fragmented init segment, laid out as c2pa-rs's <c>add_merkle_for_fragmented</c>
    /// does: the same exclusions, no flat <c>hash</c>, and one Merkle map
    /// <c>{uniqueId: 1, localId: 1, count, alg, initHash, hashes}</c> whose <c>hashes</c> is the tree's stored row.
    /// </summary>
    public static byte[] BmffMerkleAssertion(byte[] initHash, FragmentTree tree) => BmffHashAssertion(initHash, tree);

    private static byte[] BmffHashAssertion(byte[] hash, FragmentTree? tree)
    {
        var w = NewWriter();
        w.WriteStartMap(4);
        w.WriteTextString("exclusions");
        w.WriteStartArray(BmffExcludedTopLevel.Count + 1);
        w.WriteStartMap(2);
        w.WriteTextString("xpath");
        w.WriteTextString("/uuid");
        w.WriteTextString("data");
        w.WriteStartArray(1);
        w.WriteStartMap(2);
        w.WriteTextString("offset");
        w.WriteInt32(8);
        w.WriteTextString("value");
        w.WriteByteString(C2paUuidBox.Uuid);
        w.WriteEndMap();
        w.WriteEndArray();
        w.WriteEndMap();
        foreach (var type in BmffExcludedTopLevel)
        {
            w.WriteStartMap(1);
            w.WriteTextString("xpath");
            w.WriteTextString("/" + type);
            w.WriteEndMap();
        }

        w.WriteEndArray();
        w.WriteTextString("alg");
        w.WriteTextString("sha256");
        if (tree is null)
        {
            w.WriteTextString("hash");
            w.WriteByteString(hash);
        }
        else
        {
            w.WriteTextString("merkle");
            w.WriteStartArray(1);
            w.WriteStartMap(6);
            w.WriteTextString("uniqueId");
            w.WriteInt32(FragmentTree.UniqueId);
            w.WriteTextString("localId");
            w.WriteInt32(FragmentTree.LocalId);
            w.WriteTextString("count");
            w.WriteInt32(tree.Count);
            w.WriteTextString("alg");
            w.WriteTextString("sha256");
            w.WriteTextString("initHash");
            w.WriteByteString(hash);
            w.WriteTextString("hashes");
            w.WriteStartArray(tree.Row.Count);
            foreach (var node in tree.Row)
            {
                w.WriteByteString(node);
            }

            w.WriteEndArray();
            w.WriteEndMap();
            w.WriteEndArray();
        }

        w.WriteTextString("name");
        w.WriteTextString("jumbf manifest");
        w.WriteEndMap();
        return w.Encode();
    }

    /// <summary>Top-level box types the BMFF hash excludes whole (besides the C2PA <c>uuid</c> box).</summary>
    public static IReadOnlyList<string> BmffExcludedTopLevel { get; } = ["ftyp", "mfra", "free", "skip"];

    public static CborWriter NewWriter() => new(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);

    /// <summary><c>parameters: {ingredients: [ingredient]}</c>, the v2 way an action names its ingredient.</summary>
    private static void WriteIngredientParameters(CborWriter w, HashedUriRef ingredient)
    {
        w.WriteTextString("parameters");
        w.WriteStartMap(1);
        w.WriteTextString("ingredients");
        w.WriteStartArray(1);
        ingredient.Write(w, withAlg: true);
        w.WriteEndArray();
        w.WriteEndMap();
    }

    private static void WriteStatuses(CborWriter w, string key, IEnumerable<ValidationStatus> statuses)
    {
        var list = statuses.ToList();
        w.WriteTextString(key);
        w.WriteStartArray(list.Count);
        foreach (var s in list)
        {
            w.WriteStartMap(1 + (s.Url is null ? 0 : 1) + (s.Explanation is null ? 0 : 1));
            w.WriteTextString("code");
            w.WriteTextString(s.Code);
            if (s.Url is not null)
            {
                w.WriteTextString("url");
                w.WriteTextString(s.Url);
            }

            if (s.Explanation is not null)
            {
                w.WriteTextString("explanation");
                w.WriteTextString(s.Explanation);
            }

            w.WriteEndMap();
        }

        w.WriteEndArray();
    }
}
