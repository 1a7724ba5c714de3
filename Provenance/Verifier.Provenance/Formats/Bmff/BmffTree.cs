using System.Buffers.Binary;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Formats.Bmff;

/// <summary>
/// The box layout of an ISO BMFF file, read from box headers only (payloads are skipped by seeking, so memory is
/// bounded by the box count, never by the file size). Every size is checked against its parent; nesting and box
/// counts are capped; hostile layouts fail with <see cref="ReadError.InvalidAsset"/>.
/// </summary>
public sealed class BmffTree
{
    /// <summary>Deepest nesting c2pa-rs accepts (measured with the oracle: a box at level 33 is refused).</summary>
    public const int MaxDepth = 32;

    /// <summary>More boxes than this is hostile (a two-hour fragmented stream has a few tens of thousands).</summary>
    public const int MaxBoxes = 250_000;

    /// <summary>c2pa-rs's wording, kept exactly so results compare.</summary>
    public const string TooDeepMessage = "Boxes are too deply nested, unsupported asset";

    /// <summary>c2pa-rs's wording for a box larger than its parent or smaller than its header (measured with the oracle).</summary>
    public const string OutOfBoundsMessage = "Box size extends beyond asset bounds";

    private readonly List<BmffBox> _boxes;
    private readonly Dictionary<string, List<BmffBox>> _byPath;

    private BmffTree(long length, List<BmffBox> boxes)
    {
        Length = length;
        _boxes = boxes;
        _byPath = new Dictionary<string, List<BmffBox>>(StringComparer.Ordinal);
        foreach (var b in boxes)
        {
            if (!_byPath.TryGetValue(b.Path, out var list))
            {
                _byPath[b.Path] = list = [];
            }

            list.Add(b);
        }
    }

    /// <summary>The file length the walk covered.</summary>
    public long Length { get; }

    /// <summary>Every box in file order (a parent before its children).</summary>
    public IReadOnlyList<BmffBox> Boxes => _boxes;

    public IEnumerable<BmffBox> TopLevel => _boxes.Where(b => b.IsTopLevel);

    /// <summary>The boxes at exactly this path (C2PA xpaths name box types, without indices).</summary>
    public IReadOnlyList<BmffBox> AtPath(string path) => _byPath.TryGetValue(path, out var list) ? list : [];

    /// <summary>Walks the box headers of the whole stream.</summary>
    /// <exception cref="ProvenanceReadException">InvalidAsset for a broken or hostile layout.</exception>
    public static BmffTree Read(Stream stream)
    {
        if (!stream.CanSeek)
        {
            throw new ArgumentException("ISO BMFF needs a seekable stream.", nameof(stream));
        }

        long length = stream.Length;
        var boxes = new List<BmffBox>();
        var walker = new Walker(stream, boxes);
        walker.Walk(0, length, -1, "", 1);
        return new BmffTree(length, boxes);
    }

    private sealed class Walker(Stream stream, List<BmffBox> boxes)
    {
        // Paths repeat (every trak has the same children): share one string per distinct path.
        private readonly Dictionary<(string, string), string> _paths = [];

        public void Walk(long start, long end, int parent, string parentPath, int depth)
        {
            Span<byte> head = stackalloc byte[36];
            long pos = start;
            while (pos < end)
            {
                long remaining = end - pos;
                if (remaining < 8)
                {
                    return; // c2pa-rs ignores a tail too short for a box header (the bytes are still hashed)
                }

                var h = head[..(int)Math.Min(remaining, head.Length)];
                stream.Position = pos;
                stream.ReadExactly(h);
                long size = BinaryPrimitives.ReadUInt32BigEndian(h);
                string type = FourCc(h[4..8]);
                int header = 8;
                if (size == 1)
                {
                    if (h.Length < 16)
                    {
                        throw Invalid($"box '{type}' at offset {pos} is truncated: its 64-bit size is missing");
                    }

                    ulong large = BinaryPrimitives.ReadUInt64BigEndian(h[8..]);
                    size = large > long.MaxValue ? long.MaxValue : (long)large;
                    header = 16;
                }
                else if (size == 0)
                {
                    size = remaining; // "to the end": of the file at top level, of the parent below
                }

                if (size < header || size > remaining)
                {
                    throw Invalid($"{OutOfBoundsMessage} (box '{type}' at offset {pos} declares {size} bytes; {remaining} remain in its parent)");
                }

                if (depth > MaxDepth)
                {
                    throw Invalid(TooDeepMessage);
                }

                if (boxes.Count >= MaxBoxes)
                {
                    throw Invalid($"the file has more than {MaxBoxes} boxes");
                }

                byte[]? userType = null;
                int extra = 0;
                if (type == "uuid")
                {
                    if (size < header + 16)
                    {
                        throw Invalid($"uuid box at offset {pos} is too small for its extended type");
                    }

                    userType = h.Slice(header, 16).ToArray();
                    extra = 16;
                }

                byte? version = null;
                uint? flags = null;
                // QuickTime writes 'meta' as a plain box (its first child, hdlr, starts right after the header).
                bool quickTimeMeta = type == "meta" && h.Length >= header + 8 && h.Slice(header + 4, 4).SequenceEqual("hdlr"u8);
                bool full = type == "uuid" || (BmffBoxTypes.IsFullBox(type) && !quickTimeMeta);
                if (full && size >= header + extra + 4)
                {
                    var vf = h.Slice(header + extra, 4);
                    version = vf[0];
                    flags = (uint)(vf[1] << 16 | vf[2] << 8 | vf[3]);
                }

                string path = PathOf(parentPath, type);
                int index = boxes.Count;
                boxes.Add(new BmffBox(pos, size, header, type, path, depth, parent, userType, version, flags));
                if (BmffBoxTypes.IsContainer(type))
                {
                    long childStart = pos + header + (full ? 4 : 0);
                    Walk(Math.Min(childStart, pos + size), pos + size, index, path, depth + 1);
                }

                pos += size;
            }
        }

        private string PathOf(string parentPath, string type)
        {
            if (!_paths.TryGetValue((parentPath, type), out var path))
            {
                _paths[(parentPath, type)] = path = parentPath + "/" + type;
            }

            return path;
        }

        private static string FourCc(ReadOnlySpan<byte> b)
        {
            Span<char> c = stackalloc char[4];
            for (int i = 0; i < 4; i++)
            {
                c[i] = (char)b[i]; // Latin-1, as c2pa-rs matches xpaths byte for byte
            }

            return new string(c);
        }
    }

    internal static ProvenanceReadException Invalid(string message) => new(ReadError.InvalidAsset, message);
}
