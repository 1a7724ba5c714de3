using System.Buffers.Binary;
using Verifier.Provenance.Jumbf;

namespace Verifier.Provenance.Tests.Robustness;

/// <summary>
/// One mutated copy and what was done to it (for the failure message). <paramref name="WholeFile"/>: the bytes are the
/// whole asset even when the target's store is validated as an external store.
/// </summary>
internal sealed record Mutation(byte[] Bytes, string What, bool WholeFile = false);

/// <summary>
/// Deterministic (seeded) hostile edits of a signed file, aimed at each layer the reader parses: the container, the
/// store's JUMBF boxes, the claim's and assertions' CBOR, the COSE signature, and BMFF box framing.
/// </summary>
internal sealed class Mutator(MutationTarget target, Random random)
{
    public static readonly string[] StoreKinds = ["flip", "truncate", "jumbf-length", "cbor", "cose", "framing"];

    public Mutation Next(string kind) => kind switch
    {
        "flip" => FlipInStore(),
        "truncate" => Truncate(),
        "jumbf-length" => JumbfLength(),
        "cbor" => GarbleCbor(),
        "cose" => GarbleCose(),
        "bmff" => GarbleBmff(),
        "framing" => GarbleFraming(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private byte[] Copy() => (byte[])target.Bytes.Clone();

    private int InStore(long storeOffset) => target.StoreOffset + (int)storeOffset;

    private Mutation FlipInStore()
    {
        var bytes = Copy();
        int flips = random.Next(1, 9);
        for (int i = 0; i < flips; i++)
        {
            int at = target.StoreOffset + random.Next(target.StoreLength);
            bytes[at] ^= (byte)random.Next(1, 256);
        }

        return new Mutation(bytes, $"{flips} byte flips in the store");
    }

    /// <summary>Cuts at a box edge (+-2) or anywhere in or around the store.</summary>
    private Mutation Truncate()
    {
        int at = random.Next(3) switch
        {
            0 => InStore(target.Boxes[random.Next(target.Boxes.Count)].Offset) + random.Next(-2, 3),
            1 => target.StoreOffset + random.Next(target.StoreLength + 1),
            _ => random.Next(target.Bytes.Length),
        };
        at = Math.Clamp(at, 0, target.Bytes.Length - 1);
        return new Mutation(target.Bytes[..at], $"truncated at {at}");
    }

    private Mutation JumbfLength()
    {
        var bytes = Copy();
        var box = target.Boxes[random.Next(target.Boxes.Count)];
        int at = InStore(box.Offset);
        var (size, what) = random.Next(6) switch
        {
            0 => (0u, "0"),
            1 => (1u, "1 (XLBox follows)"),
            2 => (uint.MaxValue, "huge"),
            3 => ((uint)box.Whole.Length + 1, "one too big"),
            4 => ((uint)random.Next(2, 8), "below the header size"),
            _ => ((uint)(target.StoreLength - box.Offset + random.Next(1, 64)), "past the store end"),
        };
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), size);
        if (size == 1 && random.Next(2) == 0)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(at + 8), random.Next(2) == 0 ? ulong.MaxValue : (ulong)box.Whole.Length + 9);
            what += " with a huge XLBox";
        }

        return new Mutation(bytes, $"JUMBF box '{box}' at store offset {box.Offset}: LBox set to {what}");
    }

    /// <summary>Overwrites CBOR items of the claim or an assertion in place (box lengths unchanged).</summary>
    private Mutation GarbleCbor()
    {
        var cbor = target.Boxes.Where(b => b.Type == "cbor").ToList();
        var box = cbor[random.Next(cbor.Count)];
        return Overwrite(box, random.Next(box.Payload.Length), $"CBOR of '{box}' at store offset {box.Offset}");
    }

    private Mutation Overwrite(JumbfBox box, int payloadAt, string where)
    {
        var bytes = Copy();
        int at = InStore(box.Offset) + box.HeaderLength + payloadAt;
        int room = box.Payload.Length - payloadAt;
        byte[] patch = random.Next(7) switch
        {
            0 => [(byte)(bytes[at] ^ (random.Next(1, 8) << 5))], // another major type, same argument
            1 => [(byte)((random.Next(2, 6) << 5) | 27), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xF0], // 64-bit length
            2 => [(byte)((random.Next(2, 6) << 5) | 26), 0x7F, 0xFF, 0xFF, 0xFF], // 32-bit length
            3 => Enumerable.Repeat((byte)(random.Next(2) == 0 ? 0x81 : 0x9F), Math.Min(room, random.Next(64, 4096))).ToArray(), // deep nesting
            4 => [0xD8, (byte)random.Next(256)], // an unexpected tag
            5 => [(byte)(0xC0 | random.Next(24))],
            _ => [(byte)(0xF8 | random.Next(8))], // reserved/break bytes
        };
        int n = Math.Min(patch.Length, room);
        patch.AsSpan(0, n).CopyTo(bytes.AsSpan(at));
        return new Mutation(bytes, $"{where}: {n} bytes at payload offset {payloadAt} set to {Convert.ToHexString(patch, 0, Math.Min(n, 9))}");
    }

    /// <summary>COSE_Sign1 framing: the tag, the array length, the protected header's type, the x5chain certificates.</summary>
    private Mutation GarbleCose()
    {
        var signatures = target.ContentOf(l => l == "c2pa.signature").ToList();
        var box = signatures[random.Next(signatures.Count)];
        var payload = box.Payload.Span;
        var bytes = Copy();
        int start = InStore(box.Offset) + box.HeaderLength;
        int tagged = payload[0] == 0xD2 ? 1 : 0;
        switch (random.Next(5))
        {
            case 0:
                bytes[start] = (byte)(0xC0 | random.Next(24));
                return new Mutation(bytes, $"COSE tag byte set to {bytes[start]:X2}");
            case 1:
                bytes[start + tagged] = (byte)(random.Next(2) == 0 ? 0x80 | random.Next(8) : 0xA4);
                return new Mutation(bytes, $"COSE array header set to {bytes[start + tagged]:X2}");
            case 2:
                bytes[start + tagged + 1] = (byte)(bytes[start + tagged + 1] ^ (random.Next(1, 8) << 5));
                return new Mutation(bytes, $"COSE protected header's major type changed ({bytes[start + tagged + 1]:X2})");
            default:
                var certs = Certificates(payload);
                if (certs.Count == 0)
                {
                    return Overwrite(box, random.Next(box.Payload.Length), "COSE");
                }

                int cert = certs[random.Next(certs.Count)];
                int flips = random.Next(1, 6);
                for (int i = 0; i < flips; i++)
                {
                    // The DER header and the first fields (version, serial, algorithm) are the parser's hot spots.
                    bytes[start + cert + random.Next(random.Next(2) == 0 ? 40 : 600)] ^= (byte)random.Next(1, 256);
                }

                return new Mutation(bytes, $"{flips} flips in the x5chain certificate at COSE offset {cert}");
        }
    }

    /// <summary>Offsets of DER certificates (SEQUENCE with a two-byte length holding a SEQUENCE) in a COSE payload.</summary>
    private static List<int> Certificates(ReadOnlySpan<byte> payload)
    {
        var found = new List<int>();
        for (int i = 0; i + 8 < payload.Length; i++)
        {
            if (payload[i] == 0x30 && payload[i + 1] == 0x82 && payload[i + 4] == 0x30 && payload[i + 5] == 0x82)
            {
                found.Add(i);
                i += 600;
            }
        }

        return found;
    }

    /// <summary>The container framing around the store: APP11 segment headers, chunk headers and CRCs, uuid box headers.</summary>
    private Mutation GarbleFraming()
    {
        var bytes = (byte[])target.FileBytes.Clone();
        var range = target.StoreRanges[random.Next(target.StoreRanges.Count)];
        int flips = random.Next(1, 4);
        for (int i = 0; i < flips; i++)
        {
            long at = random.Next(4) == 0 ? range.End - 1 - random.Next((int)Math.Min(4, range.Length)) : range.Start + random.Next((int)Math.Min(24, range.Length));
            bytes[at] ^= (byte)random.Next(1, 256);
        }

        return new Mutation(bytes, $"{flips} flips in the framing of the store range at {range.Start}", WholeFile: true);
    }

    /// <summary>BMFF box sizes: 0 (to the end), 1 with an absurd 64-bit size, below the header, overlapping, or self-looping.</summary>
    private Mutation GarbleBmff()
    {
        var boxes = BmffBoxes(target.Bytes);
        var bytes = Copy();
        var (at, size) = boxes[random.Next(boxes.Count)];
        var what = random.Next(6) switch
        {
            0 => Set32(bytes, at, 0, "0 (to the end)"),
            1 => Set64(bytes, at, random.Next(2) == 0 ? ulong.MaxValue : (ulong)long.MaxValue + 1, "1 with an absurd largesize"),
            2 => Set64(bytes, at, (ulong)random.Next(0, 16), "1 with a largesize below 16"),
            3 => Set32(bytes, at, (uint)random.Next(1, 8), "below the header"),
            4 => Set32(bytes, at, (uint)(size + random.Next(1, 4096)), "overlapping the next box"),
            _ => Set32(bytes, at, (uint)Math.Max(8, size - random.Next(1, 64)), "short of its content"),
        };
        return new Mutation(bytes, $"BMFF box at {at} ('{System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4)}', {size} bytes): size set to {what}");
    }

    private static string Set32(byte[] bytes, int at, uint size, string what)
    {
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), size);
        return what;
    }

    private static string Set64(byte[] bytes, int at, ulong size, string what)
    {
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), 1);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(at + 8), size);
        return what;
    }

    private static readonly HashSet<string> Containers = ["moov", "trak", "mdia", "minf", "stbl", "udta", "edts", "dinf", "moof", "traf", "mvex"];

    /// <summary>Offsets and sizes of the file's boxes, descending into the usual containers.</summary>
    public static List<(int At, long Size)> BmffBoxes(byte[] bytes)
    {
        var found = new List<(int, long)>();
        Walk(bytes, 0, bytes.Length, found, 0);
        return found;
    }

    private static void Walk(byte[] bytes, int from, int to, List<(int, long)> found, int depth)
    {
        for (int at = from; at + 8 <= to && depth < 8;)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
            int header = 8;
            if (size == 1 && at + 16 <= to)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(at + 8));
                header = 16;
            }
            else if (size == 0)
            {
                size = to - at;
            }

            if (size < header || size > to - at)
            {
                return;
            }

            found.Add((at, size));
            if (Containers.Contains(System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4)))
            {
                Walk(bytes, at + header, at + (int)size, found, depth + 1);
            }

            at += (int)size;
        }
    }
}
