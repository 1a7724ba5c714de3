using Verifier.Provenance.Cbor;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Bindings;

/// <summary>
/// Validates a <c>c2pa.hash.data</c> hard binding, <c>{exclusions?: [{start, length}], name?, alg?, hash, pad, url?}</c>:
/// the hash of the asset minus the exclusions, and (C2PA 2.x, c2pa-rs 0.91) that an exclusion is exactly where the
/// manifest store sits, so no other bytes can hide inside it.
/// </summary>
public static class DataHashValidator
{
    public const string Label = "c2pa.hash.data";

    public const string LocationMismatch = "data hash exclusion does not match the manifest location in the asset";

    /// <summary>
    /// Logs <c>assertion.dataHash.match</c>, <c>.mismatch</c> or <c>.malformed</c> (plus the informational
    /// <c>.additionalExclusionsPresent</c>) for <paramref name="assertion"/> (the assertion's CBOR content) against
    /// <paramref name="asset"/>. <paramref name="located"/> is what the asset's handler found in that asset; for a
    /// sidecar or remote store pass the media file and its (store-less) location.
    /// </summary>
    /// <param name="storeGrew">The assertion belongs to the parent of an update manifest: the store it excluded has
    /// since grown, so (as c2pa-rs does) the exclusion at the store's start covers the whole store now and later
    /// exclusions move by the growth.</param>
    public static void Validate(CborNode assertion, string assertionUrl, string defaultAlg, Stream asset,
        LocatedManifest located, StatusLog log, bool storeGrew = false)
    {
        if (!TryRead(assertion, out var dataHash, out var problem))
        {
            log.Add(ValidationCodes.AssertionDataHashMalformed, assertionUrl, problem);
            return;
        }

        if (storeGrew && located.StoreRanges.Count > 0)
        {
            dataHash = dataHash with { Exclusions = GrowStoreExclusion(dataHash.Exclusions, located.StoreRanges[0]) };
        }

        string name = dataHash.Name ?? "unnamed";
        if (dataHash.IsRemote)
        {
            log.Add(ValidationCodes.AssertionDataHashMismatch, assertionUrl, "remote data hash URIs are not supported");
            return;
        }

        if (dataHash.Exclusions.Count > 1)
        {
            log.Add(ValidationCodes.AssertionDataHashAdditionalExclusions, assertionUrl, "extra data hash exclusions found");
        }

        if (!ExclusionsMatchStore(dataHash.Exclusions, located))
        {
            log.Add(ValidationCodes.AssertionDataHashMismatch, assertionUrl, LocationMismatch);
        }

        string? error = Verify(dataHash, dataHash.Alg ?? defaultAlg, asset);
        if (error is null)
        {
            log.Add(ValidationCodes.AssertionDataHashMatch, assertionUrl, "data hash valid");
        }
        else
        {
            log.Add(ValidationCodes.AssertionDataHashMismatch, assertionUrl, $"asset hash error, name: {name}, error: {error}");
        }
    }

    /// <summary>
    /// C2PA: the exclusion holding the store must hold only the store. With no real exclusion (sidecar/remote
    /// placeholders) there is nothing to compare; otherwise every range the store occupies in the asset (one for most
    /// formats; TIFF adds the C2PA entry's count field) must be one of the exclusions exactly.
    /// </summary>
    private static bool ExclusionsMatchStore(IReadOnlyList<ByteRange> exclusions, LocatedManifest located) =>
        !exclusions.Any(e => e.Length > 0)
        || located.StoreRanges.Count > 0 && located.StoreRanges.All(exclusions.Contains);

    private static List<ByteRange> GrowStoreExclusion(IReadOnlyList<ByteRange> exclusions, ByteRange store)
    {
        var result = exclusions.ToList();
        int at = result.FindIndex(e => e.Start == store.Start);
        if (at < 0)
        {
            return result;
        }

        long growth = Math.Max(0, store.Length - result[at].Length);
        result[at] = store;
        for (int i = 0; i < result.Count; i++)
        {
            if (result[i].Start > store.Start)
            {
                result[i] = result[i] with { Start = result[i].Start + growth };
            }
        }

        return result;
    }

    /// <summary>Null when the hash matches, else why not (c2pa-rs's wording).</summary>
    private static string? Verify(DataHash dataHash, string alg, Stream asset)
    {
        if (Claims.HashAlgorithms.Find(alg) is not { } algorithm)
        {
            return $"unsupported hash algorithm: {alg}";
        }

        long length = asset.Length;
        if (length < 1)
        {
            return "no data to hash";
        }

        // As c2pa-rs: sort by start; the last range after sorting must end inside the asset; overlaps merge.
        var sorted = dataHash.Exclusions.OrderBy(e => e.Start).ToList();
        if (sorted.Count > 0 && sorted[^1].End > length)
        {
            return "The exclusion range exceed the data length";
        }

        var included = new List<ByteRange>();
        long cursor = 0;
        foreach (var e in sorted)
        {
            if (e.Length == 0)
            {
                continue;
            }

            if (e.Start > cursor)
            {
                included.Add(new ByteRange(cursor, e.Start - cursor));
            }

            cursor = Math.Max(cursor, Math.Min(e.End, length));
        }

        if (cursor < length)
        {
            included.Add(new ByteRange(cursor, length - cursor));
        }

        var computed = RangeHasher.Hash(asset, included, algorithm);
        return computed.AsSpan().SequenceEqual(dataHash.Hash.Span) ? null : "hash verification( Hashes do not match )";
    }

    private static bool TryRead(CborNode node, out DataHash dataHash, out string problem)
    {
        dataHash = default;
        problem = "";
        var map = node.Untagged;
        if (!map.IsMap)
        {
            problem = "the data hash assertion is not a CBOR map";
            return false;
        }

        if (map["hash"]?.Bytes is not { } hash)
        {
            problem = "the data hash assertion has no 'hash' byte string";
            return false;
        }

        var exclusions = new List<ByteRange>();
        if (map["exclusions"] is { } list)
        {
            if (!list.Untagged.IsArray)
            {
                problem = "'exclusions' is not an array";
                return false;
            }

            foreach (var item in list.Untagged.Items)
            {
                if (item["start"]?.Int64 is not (>= 0 and var start) || item["length"]?.Int64 is not (>= 0 and var len)
                    || start > long.MaxValue - len)
                {
                    problem = "an exclusion is not {start, length} with non-negative integers";
                    return false;
                }

                exclusions.Add(new ByteRange(start, len));
            }
        }

        string? alg = map["alg"]?.Text;
        if (map["alg"] is not null && alg is null || map["name"] is { } n && n.Text is null)
        {
            problem = "'alg' or 'name' is not a text string";
            return false;
        }

        dataHash = new DataHash(exclusions, map["name"]?.Text, alg, hash, map["url"] is not null);
        return true;
    }

    private readonly record struct DataHash(
        IReadOnlyList<ByteRange> Exclusions, string? Name, string? Alg, ReadOnlyMemory<byte> Hash, bool IsRemote);
}
