using System.Buffers.Binary;
using Verifier.Provenance.Formats.Bmff;

namespace Verifier.Provenance.Signing.Embedding;

/// <summary>
/// Moves the file offsets of an <c>iloc</c> box (ISO/IEC 14496-12 ItemLocationBox, versions 0, 1 and 2), where HEIF and
/// AVIF locate their image items: an extent at absolute offset base_offset + extent_offset in this file (construction
/// method 0, data reference 0) gets the offset <c>map</c> gives. Offsets into <c>idat</c> (method 1) or into another item
/// (method 2), and extents in other files, are relative and stay as they are.
/// </summary>
internal static class ItemLocations
{
    /// <summary>Rewrites the <c>iloc</c> box <paramref name="box"/> (its whole bytes, header included) in place.</summary>
    public static void Shift(Span<byte> box, BmffBox iloc, Func<long, long> map)
    {
        var r = new Fields(box, iloc);
        r.Skip(iloc.HeaderSize);
        int version = (int)r.Read(1);
        if (version > 2)
        {
            throw BmffTree.Invalid($"{iloc.Path} at offset {iloc.Offset} has version {version}; Verifier moves versions 0 to 2");
        }

        r.Skip(3);
        int sizes = (int)r.Read(2);
        int offsetSize = sizes >> 12, lengthSize = (sizes >> 8) & 0xF, baseOffsetSize = (sizes >> 4) & 0xF;
        int indexSize = version > 0 ? sizes & 0xF : 0;
        foreach (var width in new[] { offsetSize, lengthSize, baseOffsetSize, indexSize })
        {
            if (width is not (0 or 4 or 8))
            {
                throw BmffTree.Invalid($"{iloc.Path} at offset {iloc.Offset} has a field width of {width} bytes (0, 4 or 8 are allowed)");
            }
        }

        long items = r.Read(version < 2 ? 2 : 4);
        for (long i = 0; i < items; i++)
        {
            r.Skip(version < 2 ? 2 : 4); // item_ID
            int method = version > 0 ? (int)(r.Read(2) & 0xF) : 0;
            bool inThisFile = r.Read(2) == 0 && method == 0; // data_reference_index 0 is this file
            int baseAt = r.Position;
            long baseOffset = r.Read(baseOffsetSize);
            long baseMoved = 0;
            int extents = (int)r.Read(2);
            for (int e = 0; e < extents; e++)
            {
                r.Skip(indexSize);
                int offsetAt = r.Position;
                long offset = r.Read(offsetSize);
                r.Skip(lengthSize);
                if (!inThisFile)
                {
                    continue;
                }

                long absolute = baseOffset + offset;
                long moved = map(absolute) - absolute;
                if (e == 0 && baseOffsetSize > 0)
                {
                    // The base offset carries the move of the item's first extent; later extents only what differs.
                    baseMoved = moved;
                    r.Write(baseAt, baseOffsetSize, baseOffset + moved);
                }

                if (moved != baseMoved)
                {
                    if (offsetSize == 0)
                    {
                        throw BmffTree.Invalid($"{iloc.Path} at offset {iloc.Offset}: an item's extents move by different amounts and have no offset field to say so");
                    }

                    r.Write(offsetAt, offsetSize, offset + moved - baseMoved);
                }
            }
        }
    }

    /// <summary>Big-endian fields of the box, read and written with bounds checks that name the box.</summary>
    private ref struct Fields(Span<byte> box, BmffBox iloc)
    {
        private readonly Span<byte> _box = box;

        public int Position { get; private set; }

        public void Skip(int count)
        {
            Check(Position, count);
            Position += count;
        }

        public long Read(int width)
        {
            Check(Position, width);
            var field = _box.Slice(Position, width);
            Position += width;
            return width switch
            {
                0 => 0,
                1 => field[0],
                2 => BinaryPrimitives.ReadUInt16BigEndian(field),
                4 => BinaryPrimitives.ReadUInt32BigEndian(field),
                _ => (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(field), long.MaxValue),
            };
        }

        public readonly void Write(int at, int width, long value)
        {
            if (width == 4)
            {
                if (value is < 0 or > uint.MaxValue)
                {
                    throw BmffTree.Invalid($"an item offset in {iloc.Path} would pass 4 GiB after the manifest is inserted");
                }

                BinaryPrimitives.WriteUInt32BigEndian(_box.Slice(at, 4), (uint)value);
            }
            else
            {
                BinaryPrimitives.WriteInt64BigEndian(_box.Slice(at, 8), value);
            }
        }

        private readonly void Check(int at, int count)
        {
            if (at + count > _box.Length)
            {
                throw BmffTree.Invalid($"{iloc.Path} at offset {iloc.Offset} is too small for the items it lists");
            }
        }
    }
}
