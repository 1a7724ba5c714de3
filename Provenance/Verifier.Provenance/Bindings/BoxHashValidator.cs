using Verifier.Provenance.Cbor;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Bindings;

/// <summary>
/// Validates a <c>c2pa.hash.boxes</c> hard binding, <c>{boxes: [{names: [tstr], alg?, hash, excluded?, pad}]}</c>:
/// each entry names a run of consecutive boxes of the asset's box map (as the format's handler names them) and hashes
/// the bytes from the first named box's start to the last one's end. The <c>C2PA</c> box (the store) is not hashed.
/// </summary>
public static class BoxHashValidator
{
    public const string Label = "c2pa.hash.boxes";

    /// <summary>
    /// Logs <c>assertion.boxesHash.match</c>, <c>.mismatch</c>, <c>.malformed</c> or <c>.unknownBox</c> for
    /// <paramref name="assertion"/> (the assertion's CBOR content) against <paramref name="asset"/>.
    /// </summary>
    public static void Validate(CborNode assertion, string assertionUrl, string defaultAlg, Stream asset,
        IBoxMapProvider boxes, StatusLog log)
    {
        if (!TryRead(assertion, out var entries, out var problem))
        {
            log.Add(ValidationCodes.AssertionBoxesHashMalformed, assertionUrl, problem);
            return;
        }

        IReadOnlyList<BoxMapEntry> source;
        try
        {
            source = boxes.GetBoxMap(asset);
        }
        catch (ProvenanceReadException e)
        {
            log.Add(ValidationCodes.AssertionBoxesHashMismatch, assertionUrl, $"asset hash error: {e.Message}");
            return;
        }

        var (code, explanation) = Verify(entries, source, defaultAlg, asset);
        log.Add(code, assertionUrl, explanation);
    }

    private static (string Code, string Explanation) Verify(List<BoxEntry> entries, IReadOnlyList<BoxMapEntry> source,
        string defaultAlg, Stream asset)
    {
        if (entries.Count == 0)
        {
            return Mismatch("No box hash found");
        }

        if (source.Count == 0)
        {
            return Mismatch("No data boxes found");
        }

        // c2pa-rs lets a PNG box hash leave out the 8-byte signature ("PNGh").
        int next = source[0].Name == "PNGh" && entries[0].Names[0] != "PNGh" ? 1 : 0;
        foreach (var entry in entries)
        {
            long start = -1;
            long end = -1;
            foreach (var name in entry.Names)
            {
                if (next >= source.Count || source[next].Name != name)
                {
                    string found = next < source.Count ? $"'{source[next].Name}'" : "the end of the asset";
                    return (ValidationCodes.AssertionBoxesHashUnknownBox, $"box '{name}' does not match the asset, which has {found} there");
                }

                if (start < 0)
                {
                    start = source[next].Range.Start;
                }

                end = source[next].Range.End;
                next++;
            }

            bool isStore = entry.Names[0] == IBoxMapProvider.C2paBoxName;
            if (isStore && entry.Names.Count != 1)
            {
                return Mismatch("Malformed C2PA box hash");
            }

            if (isStore || entry.Excluded)
            {
                continue;
            }

            string alg = entry.Alg ?? defaultAlg;
            if (Claims.HashAlgorithms.Find(alg) is not { } algorithm)
            {
                return Mismatch($"unsupported hash algorithm: {alg}");
            }

            var computed = RangeHasher.Hash(asset, [new ByteRange(start, end - start)], algorithm);
            if (!computed.AsSpan().SequenceEqual(entry.Hash.Span))
            {
                return Mismatch("Hashes do not match");
            }
        }

        return (ValidationCodes.AssertionBoxesHashMatch, "boxes hash valid");
    }

    private static (string, string) Mismatch(string why) => (ValidationCodes.AssertionBoxesHashMismatch, $"asset hash error: {why}");

    private static bool TryRead(CborNode node, out List<BoxEntry> entries, out string problem)
    {
        entries = [];
        problem = "";
        if (node.Untagged["boxes"]?.Untagged is not { IsArray: true } boxes)
        {
            problem = "the box hash assertion has no 'boxes' array";
            return false;
        }

        foreach (var item in boxes.Items)
        {
            var names = item["names"]?.Untagged;
            if (names is not { IsArray: true } || names.Items.Count == 0 || names.Items.Any(n => n.Text is null))
            {
                problem = "a box map entry has no 'names' list of text strings";
                return false;
            }

            if (item["hash"]?.Bytes is not { } hash)
            {
                problem = "a box map entry has no 'hash' byte string";
                return false;
            }

            if (item["alg"] is { } a && a.Text is null || item["excluded"] is { } x && x.Bool is null)
            {
                problem = "a box map entry has a malformed 'alg' or 'excluded'";
                return false;
            }

            entries.Add(new BoxEntry(names.Items.Select(n => n.Text!).ToList(), item["alg"]?.Text, hash,
                item["excluded"]?.Bool ?? false));
        }

        return true;
    }

    private sealed record BoxEntry(IReadOnlyList<string> Names, string? Alg, ReadOnlyMemory<byte> Hash, bool Excluded);
}
