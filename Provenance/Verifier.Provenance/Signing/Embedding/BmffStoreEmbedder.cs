using System.Buffers.Binary;
using System.Security.Cryptography;
using Verifier.Provenance.Formats.Bmff;

namespace Verifier.Provenance.Signing.Embedding;

/// <summary>
/// ISO BMFF (MP4, MOV, M4A, HEIF/HEIC, AVIF): the store in a C2PA <c>uuid</c> box (purpose <c>manifest</c>) right after
/// <c>ftyp</c>, as c2pa-rs places it; old C2PA boxes are dropped, and every absolute file offset moves by what was
/// inserted and removed before it: <c>stco</c>/<c>co64</c> chunk offsets and <c>iloc</c> item extents (HEIF, AVIF).
/// The flat hash (v2+) is fed while copying: each hashed top-level box is its 8-byte big-endian offset in the output,
/// then its bytes.
/// </summary>
internal sealed class BmffStoreEmbedder(byte[]? xmp) : StoreEmbedder(xmp)
{
    /// <summary>
    /// A top-level box holding offset tables (<c>moov</c>, <c>meta</c>) is patched in memory; larger ones are refused
    /// (real ones are kilobytes to a few megabytes).
    /// </summary>
    public const long MaxMoov = 256L * 1024 * 1024;

    // size + "uuid" + UUID + version/flags + "manifest\0" + first-merkle-box offset.
    private const int BoxPrefix = 8 + 16 + 4 + 9 + 8;

    public override bool UsesDataHash => false;

    public override StorePlacement Embed(Stream input, Stream output, int storeLength, IncrementalHash hash)
    {
        var tree = BmffTree.Read(input);
        var top = tree.TopLevel.ToList();
        if (top.Count == 0 || top[0].Type != "ftyp")
        {
            throw BmffTree.Invalid("the file does not start with an ftyp box");
        }

        var removed = top.Where(C2paUuidBox.IsC2pa).ToList();
        var xmpBox = Xmp is null ? [] : XmpBox(Xmp);
        if (Xmp is not null && top.Any(BmffXmp.IsXmp))
        {
            throw XmpPacket.AlreadyPresent("BMFF file");
        }

        long inserted = xmpBox.Length + BoxPrefix + (long)storeLength;
        long ftypEnd = top[0].End;
        // Called once per chunk-offset entry (millions in long files): a plain loop, no allocations.
        long MapOffset(long o)
        {
            long moved = o >= ftypEnd ? o + inserted : o;
            foreach (var box in removed)
            {
                moved -= box.End <= o ? box.Size : 0;
            }

            return moved;
        }

        Copy(input, 0, ftypEnd, output, null);
        if (xmpBox.Length > 0)
        {
            Span<byte> at = stackalloc byte[8];
            BinaryPrimitives.WriteInt64BigEndian(at, output.Position);
            hash.AppendData(at);
            output.Write(xmpBox);
            hash.AppendData(xmpBox);
        }

        var placement = new StorePlacement(output.Position, BoxPrefix + (long)storeLength);
        WriteZeros(output, placement.Length);
        CopyHashed(input, output, top.Skip(1).Where(b => !C2paUuidBox.IsC2pa(b)), hash,
            box => Patched(input, tree, box, MapOffset));
        return placement;
    }

    /// <summary>
    /// Copies top-level boxes in order, feeding the flat hash each one that is not excluded (its output offset, then
    /// its bytes); <paramref name="replacement"/> gives new bytes of the same size for a box (a patched moov), or null.
    /// </summary>
    internal static void CopyHashed(Stream input, Stream output, IEnumerable<BmffBox> boxes, IncrementalHash hash,
        Func<BmffBox, byte[]?> replacement)
    {
        Span<byte> offset = stackalloc byte[8];
        foreach (var box in boxes)
        {
            bool excluded = AssertionCbor.BmffExcludedTopLevel.Contains(box.Type);
            if (!excluded)
            {
                BinaryPrimitives.WriteInt64BigEndian(offset, output.Position);
                hash.AppendData(offset);
            }

            if (replacement(box) is { } bytes)
            {
                output.Write(bytes);
                hash.AppendData(bytes);
            }
            else
            {
                Copy(input, box.Offset, box.Size, output, excluded ? null : hash);
            }
        }
    }

    public override void WriteStore(Stream output, StorePlacement placement, byte[] store)
    {
        var prefix = new byte[BoxPrefix];
        BinaryPrimitives.WriteUInt32BigEndian(prefix, checked((uint)placement.Length));
        "uuid"u8.CopyTo(prefix.AsSpan(4));
        C2paUuidBox.Uuid.CopyTo(prefix.AsSpan(8));
        "manifest\0"u8.CopyTo(prefix.AsSpan(28));
        output.Position = placement.Start;
        output.Write(prefix);
        output.Write(store);
    }

    /// <summary>A top-level XMP <c>uuid</c> box (BE7ACFCB-97A9-42E8-9C71-999491E3AFAC) holding the packet.</summary>
    private static byte[] XmpBox(byte[] packet)
    {
        var box = new byte[24 + packet.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, checked((uint)box.Length));
        "uuid"u8.CopyTo(box.AsSpan(4));
        Convert.FromHexString("BE7ACFCB97A942E89C71999491E3AFAC").CopyTo(box, 8);
        packet.CopyTo(box, 24);
        return box;
    }

    /// <summary>The bytes of a top-level box with its offset tables moved, or null when it holds none.</summary>
    private static byte[]? Patched(Stream input, BmffTree tree, BmffBox top, Func<long, long> map)
    {
        // Offset tables live only under moov and meta; other boxes are not searched (a long fragmented file has many).
        if (top.Type is not ("moov" or "meta"))
        {
            return null;
        }

        var tables = tree.Boxes.Where(b => b.Offset > top.Offset && b.End <= top.End && IsOffsetTable(b)).ToList();
        if (tables.Count == 0)
        {
            return null;
        }

        if (top.Size > MaxMoov)
        {
            throw BmffTree.Invalid($"the {top.Type} box is {top.Size} bytes, over the {MaxMoov} bytes Verifier rewrites");
        }

        var bytes = new byte[top.Size];
        input.Position = top.Offset;
        input.ReadExactly(bytes);
        foreach (var table in tables)
        {
            var span = bytes.AsSpan((int)(table.Offset - top.Offset), (int)table.Size);
            if (table.Type == "iloc")
            {
                ItemLocations.Shift(span, table, map);
            }
            else
            {
                Shift(span, table, table.Type == "stco" ? 4 : 8, map);
            }
        }

        return bytes;
    }

    private static bool IsOffsetTable(BmffBox box) =>
        box.Type == "iloc" || box.Path is "/moov/trak/mdia/minf/stbl/stco" or "/moov/trak/mdia/minf/stbl/co64";

    /// <summary>Rewrites a chunk-offset table in place: version/flags, entry_count, then 32- or 64-bit offsets.</summary>
    private static void Shift(Span<byte> box, BmffBox table, int width, Func<long, long> map)
    {
        int entries = table.HeaderSize + 8;
        if (entries > box.Length)
        {
            throw BmffTree.Invalid($"{table.Path} at offset {table.Offset} is too small for its header");
        }

        long count = Math.Min(BinaryPrimitives.ReadUInt32BigEndian(box[(entries - 4)..]), (box.Length - entries) / width);
        for (int i = 0; i < count; i++)
        {
            var entry = box.Slice(entries + i * width, width);
            if (width == 4)
            {
                long moved = map(BinaryPrimitives.ReadUInt32BigEndian(entry));
                if (moved > uint.MaxValue)
                {
                    throw BmffTree.Invalid($"a chunk offset in {table.Path} would pass 4 GiB after the manifest is inserted (the file needs co64)");
                }

                BinaryPrimitives.WriteUInt32BigEndian(entry, (uint)moved);
            }
            else
            {
                BinaryPrimitives.WriteInt64BigEndian(entry, map((long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(entry), long.MaxValue)));
            }
        }
    }
}
