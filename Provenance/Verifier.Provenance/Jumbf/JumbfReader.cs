using System.Buffers.Binary;
using System.Text;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Jumbf;

/// <summary>
/// Parses a manifest store's JUMBF. Every size is checked against its parent, nesting and box counts are capped,
/// and any violation is a <see cref="ReadError.JumbfParseError"/>: hostile stores fail fast and in bounded memory.
/// </summary>
public static class JumbfReader
{
    public const int MaxDepth = 32;
    public const int MaxBoxes = 100_000;

    /// <summary>Parses the top-level <c>c2pa</c> superbox that fills <paramref name="store"/>.</summary>
    public static JumbfBox ParseStore(ReadOnlyMemory<byte> store)
    {
        int count = 0;
        var boxes = ParseBoxes(store[..FirstBoxExtent(store.Span)], 0, 0, atStoreEnd: true, ref count);
        if (boxes.Count == 0 || !boxes[0].IsSuperbox)
        {
            throw Error("the manifest store is not a JUMBF superbox");
        }

        var root = boxes[0];
        if (root.ContentType != "c2pa")
        {
            throw Error($"the top-level JUMBF box is '{root.ContentType}', not a C2PA manifest store");
        }

        return root;
    }

    /// <summary>
    /// The bytes the store's first box claims (all of them when its size is unreadable or overruns): c2pa-rs reads that one
    /// box and ignores whatever follows it, so bytes appended after the store inside its container (an APP11 segment, a
    /// caBX chunk or a uuid box grown) are left to the hard binding, which then fails, rather than refusing the file.
    /// </summary>
    private static int FirstBoxExtent(ReadOnlySpan<byte> store)
    {
        if (store.Length < 8)
        {
            return store.Length;
        }

        ulong size = BinaryPrimitives.ReadUInt32BigEndian(store);
        if (size == 1 && store.Length >= 16)
        {
            size = BinaryPrimitives.ReadUInt64BigEndian(store[8..]);
        }

        return size >= 8 && size < (ulong)store.Length ? (int)size : store.Length;
    }

    /// <param name="atStoreEnd">True when <paramref name="data"/> ends where the whole store ends.</param>
    private static List<JumbfBox> ParseBoxes(ReadOnlyMemory<byte> data, long baseOffset, int depth, bool atStoreEnd, ref int count)
    {
        if (depth > MaxDepth)
        {
            throw Error("JUMBF boxes are nested too deeply");
        }

        var result = new List<JumbfBox>();
        int pos = 0;
        while (pos < data.Length)
        {
            if (++count > MaxBoxes)
            {
                throw Error("too many JUMBF boxes");
            }

            var span = data.Span[pos..];
            if (span.Length < 8)
            {
                throw Error($"truncated box header at offset {baseOffset + pos}");
            }

            long size = BinaryPrimitives.ReadUInt32BigEndian(span);
            string type = FourCc(span[4..8]);
            int header = 8;
            if (size == 1)
            {
                if (span.Length < 16)
                {
                    throw Error($"truncated extended box header at offset {baseOffset + pos}");
                }

                ulong xl = BinaryPrimitives.ReadUInt64BigEndian(span[8..]);
                size = xl > (ulong)span.Length ? long.MaxValue : (long)xl;
                header = 16;
            }
            else if (size == 0)
            {
                // ISO BMFF's "to the end" size: c2pa-rs's JUMBF reader treats it as a bad header, so it is refused here too.
                throw Error($"box '{type}' at offset {baseOffset + pos} has LBox 0");
            }
            else if (size > span.Length && type == "jumb" && atStoreEnd)
            {
                // c2pa-rs reads a superbox's children until its end or the end of the data, whichever comes first, so
                // a superbox whose LBox overruns the end of the store is read to that end (it still signs and hashes).
                size = span.Length;
            }

            if (size < header || size > span.Length)
            {
                throw Error($"box '{type}' at offset {baseOffset + pos} claims {size} bytes but only {span.Length} remain");
            }

            var whole = data.Slice(pos, (int)size);
            result.Add(type == "jumb"
                ? ParseSuperbox(whole, header, baseOffset + pos, depth, atStoreEnd && pos + size == data.Length, ref count)
                : new JumbfBox(type, whole, header, baseOffset + pos, null, []));
            pos += (int)size;
        }

        return result;
    }

    private static JumbfBox ParseSuperbox(ReadOnlyMemory<byte> whole, int header, long offset, int depth, bool atStoreEnd, ref int count)
    {
        var children = ParseBoxes(whole[header..], offset + header, depth + 1, atStoreEnd, ref count);
        if (children.Count == 0 || children[0].Type != "jumd")
        {
            throw Error($"superbox at offset {offset} does not start with a description box");
        }

        var description = ParseDescription(children[0], depth, ref count);
        return new JumbfBox("jumb", whole, header, offset, description, children.GetRange(1, children.Count - 1));
    }

    private static JumbfDescription ParseDescription(JumbfBox jumd, int depth, ref int count)
    {
        var p = jumd.Payload.Span;
        if (p.Length < 17)
        {
            throw Error($"description box at offset {jumd.Offset} is too short");
        }

        var uuid = p[..16].ToArray();
        byte toggles = p[16];
        int pos = 17;
        string? label = null;
        if ((toggles & 0x02) != 0)
        {
            int nul = p[pos..].IndexOf((byte)0);
            if (nul < 0)
            {
                throw Error($"description box at offset {jumd.Offset} has an unterminated label");
            }

            label = Encoding.UTF8.GetString(p.Slice(pos, nul));
            pos += nul + 1;
        }

        uint? id = null;
        if ((toggles & 0x04) != 0)
        {
            if (p.Length < pos + 4)
            {
                throw Error($"description box at offset {jumd.Offset} is truncated (id)");
            }

            id = BinaryPrimitives.ReadUInt32BigEndian(p[pos..]);
            pos += 4;
        }

        ReadOnlyMemory<byte>? signature = null;
        if ((toggles & 0x08) != 0)
        {
            if (p.Length < pos + 32)
            {
                throw Error($"description box at offset {jumd.Offset} is truncated (signature)");
            }

            signature = jumd.Payload.Slice(pos, 32);
            pos += 32;
        }

        JumbfBox? privateBox = null;
        if ((toggles & 0x10) != 0)
        {
            var boxes = ParseBoxes(jumd.Payload[pos..], jumd.Offset + jumd.HeaderLength + pos, depth + 1, atStoreEnd: false, ref count);
            privateBox = boxes.Count > 0 ? boxes[0] : null;
        }

        return new JumbfDescription(uuid, toggles, label, id, signature, privateBox);
    }

    private static string FourCc(ReadOnlySpan<byte> b)
    {
        Span<char> c = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            c[i] = b[i] is >= 0x20 and < 0x7F ? (char)b[i] : '?';
        }

        return new string(c);
    }

    private static ProvenanceReadException Error(string message) => new(ReadError.JumbfParseError, message);
}
