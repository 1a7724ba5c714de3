using System.Buffers.Binary;
using Verifier.Provenance.Formats.Bmff;

namespace Verifier.Provenance.Bindings;

/// <summary>
/// Refuses sample-chunk offsets (<c>stco</c>/<c>co64</c>, which are hashed) that point into excluded, unhashed boxes
/// (<c>/free</c>, <c>/skip</c>, <c>/uuid</c>...): otherwise media could be swapped in there without breaking the hash
/// (the fix of c2pa-rs PR #2488; the 0.91.3 oracle predates it).
/// </summary>
internal static class ChunkOffsetCheck
{
    private const int ReadBlock = 64 * 1024;

    public static void Run(Stream stream, BmffTree tree, List<(long Start, long Length)> unverified)
    {
        if (unverified.Count == 0)
        {
            return;
        }

        var ranges = Merge(unverified);
        foreach (var (path, width) in new[] { ("/moov/trak/mdia/minf/stbl/stco", 4), ("/moov/trak/mdia/minf/stbl/co64", 8) })
        {
            foreach (var box in tree.AtPath(path))
            {
                Check(stream, box, width, ranges);
            }
        }
    }

    private static void Check(Stream stream, BmffBox box, int width, (long Start, long End)[] ranges)
    {
        long table = box.Offset + box.HeaderSize + 8; // after version/flags and entry_count
        if (table > box.End)
        {
            return;
        }

        Span<byte> countBytes = stackalloc byte[4];
        stream.Position = table - 4;
        stream.ReadExactly(countBytes);
        // entry_count is attacker-controlled: never read past the box.
        long count = Math.Min(BinaryPrimitives.ReadUInt32BigEndian(countBytes), (box.End - table) / width);
        var buffer = new byte[(int)Math.Min(ReadBlock, Math.Max(count * width, width))];
        for (long done = 0; done < count;)
        {
            int n = (int)Math.Min(buffer.Length / width, count - done);
            stream.ReadExactly(buffer, 0, n * width);
            for (int i = 0; i < n; i++)
            {
                long offset = width == 4
                    ? BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(i * 4))
                    : (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(buffer.AsSpan(i * 8)), long.MaxValue);
                if (Inside(ranges, offset))
                {
                    throw new BmffHashException($"BMFF chunk offset {offset} in {box.Path} points into an excluded, unhashed box");
                }
            }

            done += n;
        }
    }

    private static bool Inside((long Start, long End)[] merged, long offset)
    {
        int lo = 0, hi = merged.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (offset < merged[mid].Start)
            {
                hi = mid - 1;
            }
            else if (offset >= merged[mid].End)
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sorted, disjoint [start, end) runs covering the ranges.</summary>
    private static (long Start, long End)[] Merge(IEnumerable<(long Start, long Length)> ranges)
    {
        var merged = new List<(long Start, long End)>();
        foreach (var (start, length) in ranges.Where(r => r.Length > 0).OrderBy(r => r.Start))
        {
            long end = start + length;
            if (merged.Count > 0 && start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, end));
            }
            else
            {
                merged.Add((start, end));
            }
        }

        return [.. merged];
    }
}
