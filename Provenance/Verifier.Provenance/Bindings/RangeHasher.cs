using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Verifier.Provenance.Bindings;

/// <summary>
/// One step of a hash plan: a run of file bytes, or (BMFF v2+) the 8-byte big-endian value of an offset, hashed in place
/// of nothing (the bytes at that offset follow in their own run).
/// </summary>
public readonly record struct HashSegment(long Start, long Length, bool IsOffset)
{
    public static HashSegment Bytes(long start, long length) => new(start, length, false);

    public static HashSegment Offset(long offset) => new(offset, 0, true);
}

/// <summary>
/// Hashes a stream along a plan in one forward pass with bounded memory: 4 MiB reads, two buffers, the next read
/// running on the thread pool while the current block is hashed, so I/O overlaps hashing on large videos.
/// </summary>
public static class RangeHasher
{
    public const int BlockSize = 4 * 1024 * 1024;

    /// <summary>Hashes plain byte ranges, in order (no offset prefixes).</summary>
    /// <exception cref="EndOfStreamException">When a range runs past the end of the stream.</exception>
    public static byte[] Hash(Stream stream, IEnumerable<Formats.ByteRange> ranges, HashAlgorithmName algorithm) =>
        Hash(stream, ranges.Select(r => HashSegment.Bytes(r.Start, r.Length)).ToList(), algorithm);

    /// <summary>Hashes the plan's segments in order.</summary>
    /// <exception cref="EndOfStreamException">When a segment runs past the end of the stream.</exception>
    public static byte[] Hash(Stream stream, IReadOnlyList<HashSegment> plan, HashAlgorithmName algorithm)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        long total = plan.Sum(s => s.Length);
        int size = (int)Math.Clamp(total, 1, BlockSize);
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(size), ArrayPool<byte>.Shared.Rent(size)];
        Task<Block>? pending = null;
        try
        {
            using var blocks = Blocks(plan, size).GetEnumerator();
            int which = 0;
            pending = Next(stream, blocks, buffers[which]);
            Span<byte> offset = stackalloc byte[8];
            while (pending is not null)
            {
                var block = pending.GetAwaiter().GetResult();
                which ^= 1;
                pending = Next(stream, blocks, buffers[which]);
                if (block.IsOffset)
                {
                    BinaryPrimitives.WriteInt64BigEndian(offset, block.Start);
                    hash.AppendData(offset);
                }
                else
                {
                    hash.AppendData(block.Buffer!, 0, block.Length);
                }
            }

            return hash.GetHashAndReset();
        }
        finally
        {
            // A read still in flight (after a failure) must finish before its buffer goes back to the pool.
            try
            {
                pending?.Wait();
            }
            catch (AggregateException)
            {
                // already failing; the first error is the one reported
            }

            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }
    }

    private readonly record struct Block(long Start, int Length, bool IsOffset, byte[]? Buffer);

    private static IEnumerable<Block> Blocks(IReadOnlyList<HashSegment> plan, int size)
    {
        foreach (var s in plan)
        {
            if (s.IsOffset)
            {
                yield return new Block(s.Start, 0, true, null);
                continue;
            }

            for (long done = 0; done < s.Length; done += size)
            {
                yield return new Block(s.Start + done, (int)Math.Min(size, s.Length - done), false, null);
            }
        }
    }

    private static Task<Block>? Next(Stream stream, IEnumerator<Block> blocks, byte[] buffer)
    {
        if (!blocks.MoveNext())
        {
            return null;
        }

        var b = blocks.Current;
        if (b.IsOffset)
        {
            return Task.FromResult(b);
        }

        // Reads are serialised (one in flight at a time), so any seekable stream is safe here.
        return Task.Run(() =>
        {
            if (stream.Position != b.Start)
            {
                stream.Position = b.Start;
            }

            stream.ReadExactly(buffer, 0, b.Length);
            return b with { Buffer = buffer };
        });
    }
}
