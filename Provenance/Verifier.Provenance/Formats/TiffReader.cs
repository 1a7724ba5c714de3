using System.Buffers.Binary;

namespace Verifier.Provenance.Formats;

/// <summary>One IFD entry; <see cref="CountOffset"/> is where its count field sits in the file.</summary>
internal readonly record struct TiffEntry(ushort Tag, ushort Type, long Count, long CountOffset, ulong RawValue);

/// <summary>Byte order, classic/BigTIFF sizes and bounded IFD reads.</summary>
internal sealed class TiffReader
{
    private const string Format = "TIFF";
    private readonly Stream _asset;
    private readonly bool _little;
    private readonly bool _big;

    private TiffReader(Stream asset, bool little, bool big, long firstIfd)
    {
        _asset = asset;
        _little = little;
        _big = big;
        FirstIfd = firstIfd;
    }

    public long FirstIfd { get; }

    public int CountSize => _big ? 8 : 4;

    private int EntrySize => _big ? 20 : 12;

    public static TiffReader Open(Stream asset)
    {
        AssetStream.RequireSeekable(asset);
        asset.Position = 0;
        Span<byte> h = stackalloc byte[16];
        int n = asset.ReadAtLeast(h, 16, throwOnEndOfStream: false);
        if (n < 8 || !(h[0] == h[1] && h[0] is (byte)'I' or (byte)'M'))
        {
            throw AssetStream.Invalid(Format, "it does not start with a TIFF header");
        }

        bool little = h[0] == (byte)'I';
        int magic = little ? BinaryPrimitives.ReadUInt16LittleEndian(h[2..]) : BinaryPrimitives.ReadUInt16BigEndian(h[2..]);
        if (magic == 42)
        {
            return new TiffReader(asset, little, false, little ? BinaryPrimitives.ReadUInt32LittleEndian(h[4..]) : BinaryPrimitives.ReadUInt32BigEndian(h[4..]));
        }

        if (magic != 43 || n < 16)
        {
            throw AssetStream.Invalid(Format, $"unknown TIFF magic {magic}");
        }

        ulong first = little ? BinaryPrimitives.ReadUInt64LittleEndian(h[8..]) : BinaryPrimitives.ReadUInt64BigEndian(h[8..]);
        return new TiffReader(asset, little, true, first > long.MaxValue ? long.MaxValue : (long)first);
    }

    /// <summary>Reads the entries of the IFD at <paramref name="offset"/> after checking the whole IFD lies in the file.</summary>
    public List<TiffEntry> ReadIfd(long offset, out long next)
    {
        long length = _asset.Length;
        int countSize = _big ? 8 : 2;
        if (offset < 8 || offset > length - countSize)
        {
            throw AssetStream.Invalid(Format, $"an IFD offset ({offset}) points outside the file");
        }

        _asset.Position = offset;
        var head = new byte[8];
        _asset.ReadExactly(head.AsSpan(0, countSize));
        long count = _big ? (long)Math.Min(U64(head), (ulong)(long.MaxValue / EntrySize)) : U16(head);
        long size = count * EntrySize + (_big ? 8 : 4);
        if (size > length - offset - countSize)
        {
            throw AssetStream.Invalid(Format, $"the IFD at offset {offset} declares {count} entries, more than the file holds");
        }

        var data = new byte[size];
        _asset.ReadExactly(data);
        var entries = new List<TiffEntry>((int)count);
        for (int i = 0; i < count; i++)
        {
            var e = data.AsSpan(i * EntrySize, EntrySize);
            long at = offset + countSize + (long)i * EntrySize;
            ulong c = _big ? U64(e[4..]) : U32(e[4..]);
            ulong raw = _big ? U64(e[12..]) : U32(e[8..]);
            entries.Add(new TiffEntry(U16(e), U16(e[2..]), c > long.MaxValue ? long.MaxValue : (long)c, at + 4, raw));
        }

        ulong nextRaw = _big ? U64(data.AsSpan((int)(count * EntrySize))) : U32(data.AsSpan((int)(count * EntrySize)));
        next = nextRaw > long.MaxValue ? long.MaxValue : (long)nextRaw;
        return entries;
    }

    /// <summary>Where an entry's value lies: inline in the entry when it fits, else at its offset field.</summary>
    public long ValueOffset(TiffEntry entry) =>
        entry.Count <= CountSize ? entry.CountOffset + CountSize : entry.RawValue > long.MaxValue ? long.MaxValue : (long)entry.RawValue;

    private ushort U16(ReadOnlySpan<byte> s) => _little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);

    private uint U32(ReadOnlySpan<byte> s) => _little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);

    private ulong U64(ReadOnlySpan<byte> s) => _little ? BinaryPrimitives.ReadUInt64LittleEndian(s) : BinaryPrimitives.ReadUInt64BigEndian(s);
}
