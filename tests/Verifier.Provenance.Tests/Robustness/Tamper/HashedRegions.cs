using System.Buffers.Binary;

namespace Verifier.Provenance.Tests.Robustness.Tamper;

/// <summary>
/// Where a signed file's hard binding looks, worked out from the container format alone (not from the manifest Verifier
/// wrote): the excluded spans (the store's framing and, for ISO BMFF, the boxes C2PA's BMFF hash leaves out) and the framing
/// bytes (segment, chunk and box headers) that a reader walks to find the store. A flipped framing byte may hide the store
/// or break the container; a flipped byte anywhere else in the hashed region can only break the hash.
/// </summary>
internal sealed class HashedRegions
{
    private static readonly byte[] C2paUuid = Convert.FromHexString("D8FEC3D61B0E483C92975828877EC481");

    // Boxes the BMFF hash leaves out at top level besides the C2PA uuid box (C2PA 2.x, as c2pa-rs writes them).
    private static readonly string[] BmffExcluded = ["ftyp", "mfra", "free", "skip"];

    // Plain containers whose children start right after the header.
    private static readonly string[] BmffContainers = ["moov", "trak", "mdia", "minf", "stbl", "dinf", "edts", "udta", "mvex", "moof", "traf"];

    private readonly List<(int Start, int End)> _excluded = [];
    private readonly HashSet<int> _framing = [];

    private HashedRegions(int length) => Length = length;

    public int Length { get; }

    public IReadOnlyList<(int Start, int End)> Excluded => _excluded;

    /// <summary>The manifest store with its container framing: the APP11 segments, the caBX chunk or the C2PA uuid box.</summary>
    public (int Start, int End) Store { get; private set; }

    /// <summary>True when <paramref name="offset"/> is hashed by the hard binding.</summary>
    public bool IsHashed(int offset) => !_excluded.Any(r => offset >= r.Start && offset < r.End);

    /// <summary>True for a header byte (marker, length, type) of a segment, chunk or box.</summary>
    public bool IsFraming(int offset) => _framing.Contains(offset);

    public IEnumerable<int> HashedOffsets() => Enumerable.Range(0, Length).Where(IsHashed);

    public static HashedRegions Of(string ext, byte[] file) => ext switch
    {
        "jpg" => Jpeg(file),
        "png" => Png(file),
        "webp" => Webp(file),
        _ => Bmff(file),
    };

    private static HashedRegions Jpeg(byte[] file)
    {
        var r = new HashedRegions(file.Length);
        r.Frame(0, 2); // SOI
        int at = 2;
        while (at + 4 <= file.Length && file[at] == 0xFF)
        {
            byte marker = file[at + 1];
            int length = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(at + 2));
            r.Frame(at, 4);
            if (marker == 0xEB)
            {
                r._excluded.Add((at, at + 2 + length)); // APP11: the store's segments, marker and length included
                r.Store = (r.Store.End == at ? r.Store.Start : at, at + 2 + length);
            }

            at += 2 + length;
            if (marker == 0xDA)
            {
                break; // entropy-coded data follows, up to EOI
            }
        }

        r.Frame(file.Length - 2, 2); // EOI
        return r;
    }

    private static HashedRegions Png(byte[] file)
    {
        var r = new HashedRegions(file.Length);
        r.Frame(0, 8);
        for (int at = 8; at + 12 <= file.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            r.Frame(at, 8);
            if (file.AsSpan(at + 4, 4).SequenceEqual("caBX"u8))
            {
                r._excluded.Add((at, at + 12 + length));
                r.Store = (at, at + 12 + length);
            }

            at += 12 + length;
        }

        return r;
    }

    private static HashedRegions Webp(byte[] file)
    {
        var r = new HashedRegions(file.Length);
        r.Frame(0, 12); // RIFF, its size, WEBP
        for (int at = 12; at + 8 <= file.Length;)
        {
            int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 4));
            r.Frame(at, 8);
            if (file.AsSpan(at, 4).SequenceEqual("C2PA"u8))
            {
                r._excluded.Add((at, at + 8 + size)); // header and data; the pad byte is hashed
                r.Store = (at, at + 8 + size);
            }

            at += 8 + size + (size & 1);
        }

        return r;
    }

    private static HashedRegions Bmff(byte[] file)
    {
        var r = new HashedRegions(file.Length);
        r.Boxes(file, 0, file.Length, topLevel: true);
        return r;
    }

    private void Boxes(byte[] file, int start, int end, bool topLevel)
    {
        for (int at = start; at + 8 <= end;)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            string type = System.Text.Encoding.Latin1.GetString(file, at + 4, 4);
            int header = 8;
            if (size == 1)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan(at + 8));
                header = 16;
            }
            else if (size == 0)
            {
                size = end - at;
            }

            Frame(at, header);
            bool store = topLevel && type == "uuid" && file.AsSpan(at + header, 16).SequenceEqual(C2paUuid);
            if (store || topLevel && BmffExcluded.Contains(type))
            {
                _excluded.Add((at, at + (int)size));
                Store = store ? (at, at + (int)size) : Store;
            }
            else if (BmffContainers.Contains(type))
            {
                Boxes(file, at + header, at + (int)size, topLevel: false);
            }
            else if (type == "meta")
            {
                // A full box (version and flags first), unless written QuickTime-style with its hdlr straight after the header.
                int children = file.AsSpan(at + header + 4, 4).SequenceEqual("hdlr"u8) ? at + header : at + header + 4;
                Boxes(file, children, at + (int)size, topLevel: false);
            }

            at += (int)size;
        }
    }

    private void Frame(int start, int count)
    {
        for (int i = start; i < start + count; i++)
        {
            _framing.Add(i);
        }
    }
}
