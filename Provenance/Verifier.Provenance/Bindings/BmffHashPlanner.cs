using Verifier.Provenance.Formats.Bmff;

namespace Verifier.Provenance.Bindings;

/// <summary>
/// Turns BMFF exclusion-maps into a hash plan the way c2pa-rs does: each exclusion names boxes by path (filtered by
/// length, version, flags and data), excludes them whole or only their subsets; the bytes left are hashed in file
/// order, and for v2+ each top-level box that is not wholly excluded gets its 8-byte offset hashed where it starts.
/// </summary>
public static class BmffHashPlanner
{
    /// <param name="extra">More ranges to exclude (the Merkle code cuts a file down to one fragment this way).</param>
    public static List<HashSegment> Plan(Stream stream, BmffTree tree, IReadOnlyList<BmffExclusion> exclusions,
        bool withOffsets, IReadOnlyList<(long Start, long Length)>? extra = null)
    {
        var excluded = new List<(long Start, long Length)>();
        var unverified = new List<(long Start, long Length)>(); // excluded and not covered by a Merkle tree (/mdat)
        var offsets = tree.TopLevel.Select(b => b.Offset).Order().ToList();
        foreach (var exclusion in exclusions)
        {
            foreach (var box in tree.AtPath(exclusion.Xpath))
            {
                if (!Applies(stream, tree.Length, box, exclusion))
                {
                    continue;
                }

                if (exclusion.Subset is { } subsets)
                {
                    foreach (var (offset, length) in subsets)
                    {
                        if (length == 0 && offset > box.Size)
                        {
                            throw new BmffHashException("BMFF subset offset is past the end of its box");
                        }

                        excluded.Add((box.Offset + offset, length == 0 ? box.Size - offset : Math.Min(length, box.Size)));
                        if (exclusion.Xpath != "/mdat")
                        {
                            unverified.Add(excluded[^1]);
                        }
                    }
                }
                else
                {
                    excluded.Add((box.Offset, box.Size));
                    if (exclusion.Xpath != "/mdat")
                    {
                        unverified.Add(excluded[^1]);
                    }

                    offsets.Remove(box.Offset); // a wholly excluded top-level box contributes no offset either
                }
            }
        }

        ChunkOffsetCheck.Run(stream, tree, unverified);
        if (extra is not null)
        {
            excluded.AddRange(extra);
        }

        return Segments(tree.Length, excluded, withOffsets ? offsets : []);
    }

    /// <summary>The length, version, flags and data filters of an exclusion (a filter the box cannot answer is passed).</summary>
    private static bool Applies(Stream stream, long fileLength, BmffBox box, BmffExclusion e)
    {
        if (e.Length is { } length && length != box.Size)
        {
            return false;
        }

        if (e.Version is { } version && box.Version is { } boxVersion && version != boxVersion)
        {
            return false;
        }

        if (e.Flags is { } flagBytes && box.Flags is { } boxFlags)
        {
            // c2pa-rs reads the three flag bytes as the top bytes of a big-endian u32 and compares that with the box's
            // 24-bit flags; kept as is so results agree with it.
            var f = flagBytes.Span;
            uint desired = f.Length >= 3 ? (uint)(f[0] << 24 | f[1] << 16 | f[2] << 8) : 0;
            bool exact = e.Exact ?? true;
            if (exact ? desired != boxFlags : (desired | boxFlags) != desired)
            {
                return false;
            }
        }

        if (e.Data is { } data)
        {
            foreach (var (offset, value) in data)
            {
                long at = box.Offset + offset;
                if (at + value.Length > fileLength)
                {
                    throw new BmffHashException("BMFF data map offset overflow");
                }

                var actual = new byte[value.Length];
                stream.Position = at;
                stream.ReadExactly(actual);
                if (!value.Span.SequenceEqual(actual))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The file minus the exclusions, split at the offset markers (c2pa-rs's range arithmetic, step for step).</summary>
    internal static List<HashSegment> Segments(long fileLength, List<(long Start, long Length)> excluded, IReadOnlyList<long> markers)
    {
        if (fileLength < 1)
        {
            throw new BmffHashException("no data to hash");
        }

        if (excluded.Count == 0 && markers.Count == 0)
        {
            return [HashSegment.Bytes(0, fileLength)];
        }

        // c2pa-rs checks only the exclusion that starts last (markers count as one byte long).
        var last = excluded.Select(e => (e.Start, e.Length)).Concat(markers.Select(m => (Start: m, Length: 1L)))
            .OrderBy(e => e.Start).Last();
        if (last.Start + last.Length > fileLength || last.Start + last.Length < last.Start)
        {
            throw new BmffHashException("The exclusion range exceed the data length");
        }

        var included = Complement(fileLength, excluded);
        var sortedMarkers = markers.Order().ToList();
        var result = new List<HashSegment>();
        var outside = new List<long>(); // markers of boxes whose start is excluded (by a subset)
        int next = 0;
        foreach (var (start, end) in included)
        {
            while (next < sortedMarkers.Count && sortedMarkers[next] < start)
            {
                outside.Add(sortedMarkers[next++]);
            }

            long from = start;
            for (; next < sortedMarkers.Count && sortedMarkers[next] <= end; next++)
            {
                long m = sortedMarkers[next];
                if (m > from)
                {
                    result.Add(HashSegment.Bytes(from, m - from));
                }

                result.Add(HashSegment.Offset(m));
                from = m;
            }

            result.Add(HashSegment.Bytes(from, end - from + 1));
        }

        outside.AddRange(sortedMarkers.Skip(next));

        // Those still count when they fall inside the hashed span.
        long before = included.Count > 0 ? included[0].Start : 0;
        long after = included.Count > 0 ? included[^1].End : fileLength - 1;
        result.AddRange(outside.Where(m => m > before && m < after).Select(HashSegment.Offset));

        // Stable: a marker stays ahead of the run that starts at the same offset.
        var ordered = result.OrderBy(s => s.Start).ToList();

        // c2pa-rs takes any one-byte run that starts at a marker offset for a marker: reproduce that quirk.
        var markerSet = sortedMarkers.ToHashSet();
        for (int i = 0; i < ordered.Count; i++)
        {
            if (!ordered[i].IsOffset && ordered[i].Length == 1 && markerSet.Contains(ordered[i].Start))
            {
                ordered[i] = HashSegment.Offset(ordered[i].Start);
            }
        }

        return ordered;
    }

    /// <summary>[0, length) minus the union of the exclusions, as inclusive (start, end) runs.</summary>
    private static List<(long Start, long End)> Complement(long length, List<(long Start, long Length)> excluded)
    {
        var runs = new List<(long Start, long End)>();
        long pos = 0;
        foreach (var (start, len) in excluded.Where(e => e.Length > 0).OrderBy(e => e.Start))
        {
            long s = Math.Max(start, 0);
            long e = Math.Min(start + len, length); // exclusive
            if (s > pos)
            {
                runs.Add((pos, Math.Min(s, length) - 1));
            }

            pos = Math.Max(pos, e);
            if (pos >= length)
            {
                break;
            }
        }

        if (pos < length)
        {
            runs.Add((pos, length - 1));
        }

        return runs;
    }
}
