using System.Buffers.Binary;

namespace Verifier.Fuzz.Loop;

/// <summary>
/// AFL-style "havoc" without coverage: takes a seed and stacks 1 to 8 random edits (bit flips, interesting bytes and
/// big-endian lengths, arithmetic, deletes, duplicates, inserts, truncation, splices with another seed). Container
/// formats here are length-prefixed, so the length-shaped edits are the ones that find boundary bugs.
/// </summary>
public sealed class ByteMutator(IReadOnlyList<byte[]> corpus, Random random)
{
    /// <summary>A mutated input never grows past this: the parsers' limits are tested elsewhere, speed matters here.</summary>
    public const int MaxLength = 1 << 20;

    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x20, 0x40];
    private static readonly ushort[] Interesting16 = [0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF];
    private static readonly uint[] Interesting32 = [0, 1, 8, 16, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFF8, 0x10000];

    public byte[] Next()
    {
        var data = new List<byte>(corpus[random.Next(corpus.Count)]);
        int edits = 1 << random.Next(4);
        for (int i = 0; i < edits; i++)
        {
            Edit(data);
        }

        return data.Count > MaxLength ? data.GetRange(0, MaxLength).ToArray() : data.ToArray();
    }

    private void Edit(List<byte> data)
    {
        if (data.Count == 0)
        {
            data.AddRange(RandomBytes(1 + random.Next(16)));
            return;
        }

        int at = random.Next(data.Count);
        switch (random.Next(12))
        {
            case 0:
                data[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                data[at] = (byte)random.Next(256);
                break;
            case 2:
                data[at] = InterestingBytes[random.Next(InterestingBytes.Length)];
                break;
            case 3:
                data[at] = (byte)(data[at] + random.Next(-16, 17));
                break;
            case 4:
                Overwrite(data, at, Be16(Interesting16[random.Next(Interesting16.Length)]));
                break;
            case 5:
                Overwrite(data, at, Be32(random.Next(3) == 0 ? (uint)(data.Count - at + random.Next(-8, 9)) : Interesting32[random.Next(Interesting32.Length)]));
                break;
            case 6:
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(Math.Min(data.Count, 256))));
                break;
            case 7:
                int length = Math.Min(data.Count - at, 1 + random.Next(256));
                data.InsertRange(random.Next(data.Count + 1), data.GetRange(at, length));
                break;
            case 8:
                data.InsertRange(at, RandomBytes(1 + random.Next(32)));
                break;
            case 9:
                data.RemoveRange(at, data.Count - at);
                break;
            case 10:
                Splice(data, at);
                break;
            default:
                var other = corpus[random.Next(corpus.Count)];
                if (other.Length > 0)
                {
                    int from = random.Next(other.Length);
                    Overwrite(data, at, other.AsSpan(from, Math.Min(other.Length - from, 1 + random.Next(64))).ToArray());
                }

                break;
        }
    }

    /// <summary>This input's head up to <paramref name="at"/>, then the tail of another seed from a random point.</summary>
    private void Splice(List<byte> data, int at)
    {
        var other = corpus[random.Next(corpus.Count)];
        int from = other.Length == 0 ? 0 : random.Next(other.Length);
        data.RemoveRange(at, data.Count - at);
        data.AddRange(other.AsSpan(from).ToArray());
    }

    private static void Overwrite(List<byte> data, int at, byte[] bytes)
    {
        for (int i = 0; i < bytes.Length && at + i < data.Count; i++)
        {
            data[at + i] = bytes[i];
        }
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Be16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Be32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
