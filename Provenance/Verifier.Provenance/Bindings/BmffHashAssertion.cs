using Verifier.Provenance.Cbor;

namespace Verifier.Provenance.Bindings;

/// <summary>One exclusion-map of a BMFF hash: which boxes (by xpath and optional filters) and which parts of them.</summary>
public sealed record BmffExclusion(
    string Xpath,
    long? Length,
    IReadOnlyList<(long Offset, ReadOnlyMemory<byte> Value)>? Data,
    IReadOnlyList<(long Offset, long Length)>? Subset,
    byte? Version,
    ReadOnlyMemory<byte>? Flags,
    bool? Exact);

/// <summary>One Merkle tree of a BMFF hash (fragmented media: one leaf per fragment).</summary>
public sealed record BmffMerkleMap(
    long UniqueId,
    long LocalId,
    long Count,
    string? Alg,
    ReadOnlyMemory<byte>? InitHash,
    IReadOnlyList<ReadOnlyMemory<byte>> Hashes,
    bool HasBlockSizes);

/// <summary>The proof a fragment carries in its C2PA <c>uuid</c> box with purpose <c>merkle</c>.</summary>
public sealed record BmffMerkleProof(long UniqueId, long LocalId, long Location, IReadOnlyList<ReadOnlyMemory<byte>>? Hashes);

/// <summary>
/// A <c>c2pa.hash.bmff</c> / <c>.v2</c> / <c>.v3</c> assertion, read from its CBOR. Parsing never throws: a shape c2pa-rs
/// would not deserialize gives a reason instead (reported as <c>assertion.bmffHash.malformed</c>).
/// </summary>
public sealed record BmffHashAssertion(
    int Version,
    IReadOnlyList<BmffExclusion> Exclusions,
    string? Alg,
    ReadOnlyMemory<byte>? Hash,
    IReadOnlyList<BmffMerkleMap>? Merkle,
    string? Name,
    bool HasUrl)
{
    /// <summary>The assertion version from its label: 1 for <c>c2pa.hash.bmff</c>, N for <c>c2pa.hash.bmff.vN</c>.</summary>
    public static int VersionOf(string label)
    {
        int suffix = label.IndexOf("__", StringComparison.Ordinal);
        var bare = suffix < 0 ? label : label[..suffix];
        int v = bare.LastIndexOf(".v", StringComparison.Ordinal);
        return v >= 0 && int.TryParse(bare.AsSpan(v + 2), out int n) && n > 0 ? n : 1;
    }

    public static BmffHashAssertion? Parse(CborNode node, string label, out string? problem)
    {
        problem = null;
        var map = node.Untagged;
        if (!map.IsMap)
        {
            problem = "BMFF hash assertion is not a CBOR map";
            return null;
        }

        var exclusions = new List<BmffExclusion>();
        if (Present(map["exclusions"]) is not { } ex || !ex.IsArray)
        {
            problem = "BMFF hash assertion has no exclusions";
            return null;
        }

        foreach (var e in ex.Items)
        {
            var parsed = ParseExclusion(e.Untagged);
            if (parsed is null)
            {
                problem = "BMFF hash exclusion is malformed";
                return null;
            }

            exclusions.Add(parsed);
        }

        List<BmffMerkleMap>? merkle = null;
        if (Present(map["merkle"]) is { } m)
        {
            if (!m.IsArray)
            {
                problem = "BMFF hash merkle field is not an array";
                return null;
            }

            merkle = [];
            foreach (var item in m.Items)
            {
                var mm = ParseMerkleMap(item.Untagged);
                if (mm is null)
                {
                    problem = "BMFF hash merkle map is malformed";
                    return null;
                }

                merkle.Add(mm);
            }
        }

        var alg = Present(map["alg"]);
        var hash = Present(map["hash"]);
        var name = Present(map["name"]);
        if ((alg is not null && alg.Text is null) || (hash is not null && hash.Bytes is null) || (name is not null && name.Text is null))
        {
            problem = "BMFF hash assertion has a field of the wrong type";
            return null;
        }

        return new BmffHashAssertion(VersionOf(label), exclusions, alg?.Text, hash?.Bytes, merkle, name?.Text,
            Present(map["url"]) is not null);
    }

    /// <summary>Parses the CBOR proof of a fragment's merkle box.</summary>
    public static BmffMerkleProof? ParseProof(CborNode node)
    {
        var m = node.Untagged;
        if (!m.IsMap || U(m["uniqueId"]) is not { } unique || U(m["localId"]) is not { } local || U(m["location"]) is not { } location)
        {
            return null;
        }

        var hashes = Present(m["hashes"]) is { } h ? ByteList(h) : null;
        return Present(m["hashes"]) is not null && hashes is null ? null : new BmffMerkleProof(unique, local, location, hashes);
    }

    private static BmffExclusion? ParseExclusion(CborNode e)
    {
        if (!e.IsMap || e["xpath"]?.Text is not { } xpath)
        {
            return null;
        }

        List<(long, ReadOnlyMemory<byte>)>? data = null;
        if (Present(e["data"]) is { } d)
        {
            data = [];
            foreach (var item in d.Items)
            {
                if (U(item["offset"]) is not { } off || item["value"]?.Bytes is not { } value)
                {
                    return null;
                }

                data.Add((off, value));
            }
        }

        List<(long, long)>? subset = null;
        if (Present(e["subset"]) is { } s)
        {
            subset = [];
            foreach (var item in s.Items)
            {
                if (U(item["offset"]) is not { } off || U(item["length"]) is not { } len)
                {
                    return null;
                }

                subset.Add((off, len));
            }
        }

        var length = Present(e["length"]);
        var version = Present(e["version"]);
        var flags = Present(e["flags"]);
        var exact = Present(e["exact"]);
        if ((length is not null && U(length) is null) || (version is not null && U(version) is not (>= 0 and <= 255))
            || (flags is not null && flags.Bytes is null) || (exact is not null && exact.Bool is null))
        {
            return null;
        }

        return new BmffExclusion(xpath, U(length), data, subset, version is null ? null : (byte)U(version)!.Value,
            flags?.Bytes, exact?.Bool);
    }

    private static BmffMerkleMap? ParseMerkleMap(CborNode m)
    {
        if (!m.IsMap || U(m["uniqueId"]) is not { } unique || U(m["localId"]) is not { } local || U(m["count"]) is not { } count
            || Present(m["hashes"]) is not { } h || ByteList(h) is not { } hashes)
        {
            return null;
        }

        var alg = Present(m["alg"]);
        var init = Present(m["initHash"]);
        if ((alg is not null && alg.Text is null) || (init is not null && init.Bytes is null))
        {
            return null;
        }

        bool blocks = Present(m["fixedBlockSize"]) is not null || Present(m["variableBlockSizes"]) is not null;
        return new BmffMerkleMap(unique, local, count, alg?.Text, init?.Bytes, hashes, blocks);
    }

    private static List<ReadOnlyMemory<byte>>? ByteList(CborNode node)
    {
        if (!node.Untagged.IsArray)
        {
            return null;
        }

        var list = new List<ReadOnlyMemory<byte>>(node.Untagged.Items.Count);
        foreach (var i in node.Untagged.Items)
        {
            if (i.Bytes is not { } b)
            {
                return null;
            }

            list.Add(b);
        }

        return list;
    }

    // c2pa-rs's serde reads CBOR null as an absent Option.
    private static CborNode? Present(CborNode? n) => n is null || n.Untagged.Kind == CborNodeKind.Null ? null : n;

    // Unsigned 32-bit fields (offsets, lengths, ids) as c2pa-rs types them.
    private static long? U(CborNode? n) => n?.Int64 is { } v && v >= 0 && v <= uint.MaxValue ? v : null;
}
