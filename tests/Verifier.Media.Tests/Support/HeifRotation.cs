using System.Buffers.Binary;
using System.Text;

namespace Verifier.Media.Tests.Support;

/// <summary>
/// Gives the primary item of a HEIC as libheif writes it (ftyp, meta, mdat; ipma version 0 with 1-byte associations;
/// iloc with 4-byte offsets) an irot property, as phones store a portrait picture: the coded image stays landscape and
/// the container says how to turn it. The boxes that grow are resized and the offsets into the file moved.
/// </summary>
internal static class HeifRotation
{
    public static byte[] AddIrot(byte[] heic, int anticlockwiseQuarterTurns)
    {
        var (meta, metaSize) = Find(heic, 0, heic.Length, "meta");
        var (pitm, _) = Find(heic, meta + 12, meta + metaSize, "pitm");
        var primary = BinaryPrimitives.ReadUInt16BigEndian(heic.AsSpan(pitm + 12));
        var (iprp, iprpSize) = Find(heic, meta + 12, meta + metaSize, "iprp");
        var (ipco, ipcoSize) = Find(heic, iprp + 8, iprp + iprpSize, "ipco");
        var (ipma, ipmaSize) = Find(heic, iprp + 8, iprp + iprpSize, "ipma");
        var (iloc, _) = Find(heic, meta + 12, meta + metaSize, "iloc");
        if (ipco > ipma || heic[ipma + 8] != 0 || (heic[ipma + 11] & 1) != 0 || pitm > iprp || iloc > iprp)
        {
            throw new InvalidDataException("not the HEIC layout this helper edits");
        }

        var properties = 0;
        for (var at = ipco + 8; at < ipco + ipcoSize; at += (int)BinaryPrimitives.ReadUInt32BigEndian(heic.AsSpan(at)))
        {
            properties++;
        }

        // The primary item's entry in ipma (version 0: item ID, count, one byte per association).
        var entry = ipma + 16;
        while (BinaryPrimitives.ReadUInt16BigEndian(heic.AsSpan(entry)) != primary)
        {
            entry += 3 + heic[entry + 2];
        }

        // Edited back to front, so the earlier offsets stay valid: first the new association (essential, 1-based).
        var file = new List<byte>(heic);
        var associations = heic[entry + 2];
        file[entry + 2] = (byte)(associations + 1);
        file.Insert(entry + 3 + associations, (byte)(0x80 | (properties + 1)));
        file.InsertRange(ipco + ipcoSize, [0, 0, 0, 9, .. "irot"u8, (byte)(anticlockwiseQuarterTurns & 3)]);
        const int Grown = 10;
        var bytes = file.ToArray();
        Grow(bytes, ipma + 9, ipmaSize, 1);
        Grow(bytes, ipco, ipcoSize, 9);
        Grow(bytes, iprp, iprpSize, Grown);
        Grow(bytes, meta, metaSize, Grown);
        MoveFileData(bytes, iloc, Grown);
        return bytes;
    }

    private static void Grow(byte[] file, int box, int size, int by) => BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(box), (uint)(size + by));

    /// <summary>
    /// The mdat behind meta moved by <paramref name="by"/> bytes: so do the offsets iloc gives into the file
    /// (construction method 0); those into meta's idat (method 1, a grid's description) stay.
    /// </summary>
    private static void MoveFileData(byte[] file, int iloc, int by)
    {
        var version = file[iloc + 8];
        int offsetSize = file[iloc + 12] >> 4, lengthSize = file[iloc + 12] & 15, baseSize = file[iloc + 13] >> 4;
        if (offsetSize != 4 || baseSize is not (0 or 4) || version > 1 || (version == 1 && (file[iloc + 13] & 15) != 0))
        {
            throw new InvalidDataException("not the iloc layout this helper edits");
        }

        var items = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(iloc + 14));
        var at = iloc + 16;
        for (var i = 0; i < items; i++)
        {
            var inFile = version == 0 || (file[at + 3] & 15) == 0;
            at += version == 1 ? 6 : 4; // item ID, construction method (version 1), data reference index
            var baseOffset = baseSize == 4 ? BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at)) : 0;
            if (inFile && baseOffset != 0)
            {
                BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(at), baseOffset + (uint)by);
            }

            at += baseSize;
            var extents = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(at));
            at += 2;
            for (var e = 0; e < extents; e++, at += 4 + lengthSize)
            {
                if (inFile && baseOffset == 0)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(at), BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at)) + (uint)by);
                }
            }
        }
    }

    private static (int At, int Size) Find(byte[] file, int from, int end, string type)
    {
        for (var at = from; at + 8 <= end;)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            if (Encoding.ASCII.GetString(file, at + 4, 4) == type)
            {
                return (at, size);
            }

            at += size;
        }

        throw new InvalidDataException($"no {type} box");
    }
}
