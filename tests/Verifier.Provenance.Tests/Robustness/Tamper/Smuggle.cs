using System.Buffers.Binary;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Provenance.Tests.Robustness.Tamper;

/// <summary>
/// Edits that hide bytes in or beside a signed file's excluded store: a junk segment/chunk/box next to it, bytes appended
/// inside its own framing (the APP11 segment, caBX chunk or uuid box grows), and a second copy of the store.
/// </summary>
internal static class Smuggle
{
    public const string Beside = "beside";
    public const string Inside = "inside";
    public const string Second = "second";

    private static readonly byte[] Junk = [.. "smuggled by a tamper test: these bytes are not covered by any hash"u8];

    public static byte[] Apply(string ext, string how, byte[] file)
    {
        var store = HashedRegions.Of(ext, file).Store;
        if (ext == "webp")
        {
            return Webp(how, file, store);
        }

        var framing = file.AsSpan(store.Start, store.End - store.Start).ToArray();
        return how switch
        {
            Beside => Insert(file, store.End, ext switch
            {
                "jpg" => JpegSegment(0xEF, Junk),
                "png" => PngFile.Chunk("tEXt", [.. "Comment\0"u8, .. Junk]),
                _ => BmffBox("free", Junk),
            }),
            Second => Insert(file, store.End, framing),
            Inside => GrowInside(ext, file, store),
            _ => throw new ArgumentOutOfRangeException(nameof(how), how, null),
        };
    }

    /// <summary>The store's last framing unit (APP11 segment, caBX chunk, uuid box) gets the junk appended, lengths fixed.</summary>
    private static byte[] GrowInside(string ext, byte[] file, (int Start, int End) store)
    {
        var grown = Insert(file, store.End, Junk);
        if (ext == "jpg")
        {
            int last = store.Start;
            for (int at = store.Start; at < store.End; at += 2 + BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(at + 2)))
            {
                last = at;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(last + 2)) + Junk.Length;
            BinaryPrimitives.WriteUInt16BigEndian(grown.AsSpan(last + 2), checked((ushort)length));
            return grown;
        }

        if (ext == "png")
        {
            // caBX: length, type, data, CRC. The junk goes after the data, so the chunk is rebuilt with a fresh CRC.
            var data = file.AsSpan(store.Start + 8, store.End - store.Start - 12);
            var chunk = PngFile.Chunk("caBX", [.. data, .. Junk]);
            return [.. file.AsSpan(0, store.Start), .. chunk, .. file.AsSpan(store.End)];
        }

        BinaryPrimitives.WriteUInt32BigEndian(grown.AsSpan(store.Start), (uint)(store.End - store.Start + Junk.Length));
        return grown;
    }

    /// <summary>WebP: a JUNK chunk, the C2PA chunk grown, or a second C2PA chunk, after the store; the RIFF size is fixed.</summary>
    private static byte[] Webp(string how, byte[] file, (int Start, int End) store)
    {
        int padded = store.End + ((store.End - store.Start) & 1);
        var edited = how switch
        {
            Beside => Insert(file, padded, RiffChunk("JUNK", Junk)),
            Second => Insert(file, padded, file[store.Start..padded]),
            Inside => [.. file.AsSpan(0, store.Start), .. RiffChunk("C2PA", [.. file.AsSpan(store.Start + 8, store.End - store.Start - 8), .. Junk]),
                .. file.AsSpan(padded)],
            _ => throw new ArgumentOutOfRangeException(nameof(how), how, null),
        };
        BinaryPrimitives.WriteUInt32LittleEndian(edited.AsSpan(4), (uint)(edited.Length - 8));
        return edited;
    }

    /// <summary>A RIFF chunk: id, little-endian size, data, pad byte to an even length.</summary>
    private static byte[] RiffChunk(string id, byte[] data)
    {
        var c = new byte[8 + data.Length + (data.Length & 1)];
        System.Text.Encoding.ASCII.GetBytes(id).CopyTo(c, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(4), (uint)data.Length);
        data.CopyTo(c, 8);
        return c;
    }

    private static byte[] Insert(byte[] file, int at, byte[] bytes) => [.. file.AsSpan(0, at), .. bytes, .. file.AsSpan(at)];

    private static byte[] JpegSegment(byte marker, byte[] payload)
    {
        var s = new byte[4 + payload.Length];
        s[0] = 0xFF;
        s[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(s.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(s, 4);
        return s;
    }

    private static byte[] BmffBox(string type, byte[] payload)
    {
        var b = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(b, (uint)b.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(b, 4);
        payload.CopyTo(b, 8);
        return b;
    }
}
