using System.Security.Cryptography;
using System.Text.Json;
using Verifier.Provenance.Jumbf;

namespace Verifier.Provenance.Signing;

/// <summary>The new manifest's parts, fixed between the placeholder pass and the signed pass so both are the same size.</summary>
internal sealed class ManifestAssembly
{
    private const int SaltLength = 16;

    /// <summary>
    /// c2pa-rs labels a v2 claim's thumbnail without a format suffix (the <c>bfdb</c> carries the media type);
    /// <c>c2pa.thumbnail.claim.jpeg</c> is the v1 spelling.
    /// </summary>
    private const string ThumbnailLabel = "c2pa.thumbnail.claim";

    /// <summary>c2pa-rs's label for an ingredient's thumbnail in a v2 claim (numbered <c>__1</c>, ... when repeated).</summary>
    private const string IngredientThumbnailLabel = "c2pa.thumbnail.ingredient";

    private readonly List<(string Label, byte[] TypeUuid, byte[][] Content, byte[] Salt)> _assertions = [];
    private readonly SignRequest _request;
    private readonly IReadOnlyList<ReadOnlyMemory<byte>> _carriedManifests;
    private readonly string _instanceId = "xmp:iid:" + Guid.NewGuid();
    private readonly byte[] _bindingSalt = RandomNumberGenerator.GetBytes(SaltLength);
    private readonly string _bindingLabel;
    private readonly bool _dataHash;
    private readonly Func<byte[], byte[]> _bmffBinding;

    /// <param name="ingredients">Recorded in order; at most one is the parent (<c>c2pa.opened</c> names it).</param>
    /// <param name="bmffBinding">The BMFF hard binding for a digest (flat by default; a Merkle one for fragments).</param>
    /// <param name="thumbnail">The claim thumbnail, written as an embedded-file assertion; null for none.</param>
    public ManifestAssembly(SignRequest request, IReadOnlyList<LoadedIngredient> ingredients, bool dataHash, Func<byte[], byte[]>? bmffBinding = null,
        Thumbnail? thumbnail = null)
    {
        _bmffBinding = bmffBinding ?? AssertionCbor.BmffHashAssertion;
        _request = request;
        _dataHash = dataHash;
        _bindingLabel = dataHash ? AssertionCbor.DataHash : AssertionCbor.BmffHash;
        _carriedManifests = CarriedManifests(ingredients);
        HashedUriRef? parentRef = null;
        var placed = new List<HashedUriRef>();
        var ids = new Dictionary<string, HashedUriRef>(StringComparer.Ordinal);
        foreach (var ingredient in ingredients)
        {
            HashedUriRef? thumbnailRef = null;
            if (ingredient.Thumbnail is { } t)
            {
                AddEmbeddedFile(Unique(IngredientThumbnailLabel), t);
                thumbnailRef = Uri(_assertions[^1]);
            }

            Add(Unique(AssertionCbor.Ingredient), "cbor", AssertionCbor.IngredientV3(ingredient, thumbnailRef));
            var ingredientRef = Uri(_assertions[^1]);
            foreach (var id in new[] { ingredient.Definition.Label, ingredient.Definition.InstanceId }.OfType<string>())
            {
                ids.TryAdd(id, ingredientRef);
            }

            switch (ingredient.Definition.Relationship)
            {
                case IngredientRelationship.ParentOf:
                    parentRef = ingredientRef;
                    break;
                case IngredientRelationship.ComponentOf:
                    placed.Add(ingredientRef);
                    break;
            }
        }

        if (thumbnail is not null)
        {
            AddEmbeddedFile(ThumbnailLabel, thumbnail);
        }

        var moreActions = new List<byte[]>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        string? definedSource = null;
        foreach (var a in request.Definition.Assertions)
        {
            if (a.Label is "c2pa.actions" or AssertionCbor.Actions)
            {
                moreActions.AddRange(DefinedActions(a).Select(action => DefinedAction.ToCbor(action, ids, named)));
                definedSource ??= DefinedSourceType(a);
            }
        }

        // As c2pa-rs's auto-placed action: a component no defined action names gets its own c2pa.placed.
        Add(AssertionCbor.Actions, "cbor",
            AssertionCbor.ActionsV2(request.DigitalSourceType ?? definedSource ?? (parentRef is null ? DigitalSourceTypes.Empty : null), parentRef,
                request.Definition.Generator, placed.Where(p => !named.Contains(p.Url)).ToList(), moreActions));
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
        : _bmffBinding(new byte[32]);

    /// <summary>The BMFF hard binding for the embedder's digest (the flat hash, or a fragmented init's <c>initHash</c>).</summary>
    public byte[] BmffBinding(byte[] digest) => _bmffBinding(digest);

    public byte[] Claim(byte[] binding) =>
        ClaimCbor.V2(Label, _instanceId, _request.Definition.Generator, Boxes(binding).Select(b => b.Uri).ToList(), _request.Definition.Title);

    public byte[] Store(byte[] binding, byte[] cose)
    {
        var boxes = Boxes(binding);
        var assertionStore = JumbfWriter.Superbox("c2as", "c2pa.assertions", boxes.Select(b => b.Box));
        var claimBox = JumbfWriter.Superbox("c2cl", ClaimCbor.Label, [JumbfWriter.Box("cbor", Claim(binding))]);
        var signatureBox = JumbfWriter.Superbox("c2cs", "c2pa.signature", [JumbfWriter.Box("cbor", cose)]);
        var manifest = JumbfWriter.Superbox("c2ma", Label, [assertionStore, claimBox, signatureBox]);
        var manifests = _carriedManifests.Select(m => m.ToArray()).Append(manifest);
        return JumbfWriter.Superbox("c2pa", "c2pa", manifests);
    }

    private List<(byte[] Box, HashedUriRef Uri)> Boxes(byte[] binding) =>
        _assertions.Append((Label: _bindingLabel, TypeUuid: JumbfUuids.FromFourCc("cbor"), Content: [JumbfWriter.Box("cbor", binding)], Salt: _bindingSalt))
            .Select(a => (Box: AssertionBox(a), a.Label))
            .Select(b => (b.Box, HashedUriRef.Of("self#jumbf=c2pa.assertions/" + b.Label, JumbfWriter.PayloadOf(b.Box))))
            .ToList();

    private static byte[] AssertionBox((string Label, byte[] TypeUuid, byte[][] Content, byte[] Salt) a) =>
        JumbfWriter.Superbox(a.TypeUuid, a.Label, a.Content, a.Salt);

    private void Add(string label, string type, byte[] data) =>
        _assertions.Add((label, JumbfUuids.FromFourCc(type), [JumbfWriter.Box(type, data)], RandomNumberGenerator.GetBytes(SaltLength)));

    /// <summary>
    /// An embedded-file assertion as c2pa-rs writes one: a <c>bfdb</c> (toggles 0: no file name, then the NUL-terminated
    /// media type) and a <c>bidb</c> holding the file's bytes.
    /// </summary>
    private void AddEmbeddedFile(string label, Thumbnail file)
    {
        var mediaType = System.Text.Encoding.UTF8.GetBytes(file.MediaType);
        var description = new byte[1 + mediaType.Length + 1];
        mediaType.CopyTo(description, 1);
        _assertions.Add((label, Convert.FromHexString(JumbfUuids.EmbeddedFile),
            [JumbfWriter.Box("bfdb", description), JumbfWriter.Box("bidb", file.Bytes)], RandomNumberGenerator.GetBytes(SaltLength)));
    }

    /// <summary>
    /// The ingredients' manifests, each once: two ingredients may share history (the same signed source), but two
    /// different manifests under one label cannot both be carried, so that is refused.
    /// </summary>
    private static List<ReadOnlyMemory<byte>> CarriedManifests(IReadOnlyList<LoadedIngredient> ingredients)
    {
        var byLabel = new Dictionary<string, (ReadOnlyMemory<byte> Bytes, string Entry)>(StringComparer.Ordinal);
        var carried = new List<ReadOnlyMemory<byte>>();
        foreach (var ingredient in ingredients)
        {
            foreach (var m in ingredient.Manifest?.Manifests ?? [])
            {
                var bytes = m.Box.Whole;
                if (byLabel.TryGetValue(m.Label, out var seen))
                {
                    if (!seen.Bytes.Span.SequenceEqual(bytes.Span))
                    {
                        throw new SigningRefusedException(RefusalRule.BadIngredient,
                            $"{ingredient.Definition.Entry}: its manifest {m.Label} differs from {seen.Entry}'s manifest of the same label");
                    }

                    continue;
                }

                byLabel.Add(m.Label, (bytes, ingredient.Definition.Entry));
                carried.Add(bytes);
            }
        }

        return carried;
    }

    private static HashedUriRef Uri((string Label, byte[] TypeUuid, byte[][] Content, byte[] Salt) a) =>
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

    /// <summary>The <c>digitalSourceType</c> of the definition's own <c>c2pa.created</c>, used when none is given.</summary>
    private static string? DefinedSourceType(AssertionDefinition a) =>
        a.Data.ValueKind == JsonValueKind.Object
            && a.Data.TryGetProperty("actions", out var actions) && actions.ValueKind == JsonValueKind.Array
            ? actions.EnumerateArray()
                .Where(x => x.ValueKind == JsonValueKind.Object
                    && x.TryGetProperty("action", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() == "c2pa.created"
                    && x.TryGetProperty("digitalSourceType", out var t) && t.ValueKind == JsonValueKind.String)
                .Select(x => x.GetProperty("digitalSourceType").GetString())
                .FirstOrDefault()
            : null;

    /// <summary>The definition's own actions (objects only), minus a <c>created</c>/<c>opened</c> (the builder writes the first action).</summary>
    private static IEnumerable<JsonElement> DefinedActions(AssertionDefinition a)
    {
        if (a.Data.ValueKind != JsonValueKind.Object
            || !a.Data.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var action in actions.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object))
        {
            var name = action.TryGetProperty("action", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            if (name is not ("c2pa.created" or "c2pa.opened"))
            {
                yield return action;
            }
        }
    }
}
