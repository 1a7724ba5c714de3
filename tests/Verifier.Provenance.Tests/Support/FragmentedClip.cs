using System.Buffers.Binary;

namespace Verifier.Provenance.Tests.Support;

/// <summary>
/// A fragmented MP4 cut from a real clip without ffmpeg: the clip's <c>ftyp</c> + <c>moov</c> are the init segment,
/// slices of its <c>mdat</c> payload become <c>moof</c> (an <c>mfhd</c> sequence number) + <c>mdat</c> fragments.
/// Not playable, but every byte is real media and the layout is what signing and hashing see in fMP4.
/// Self-contained (no internals) so the CLI tests can link it.
/// </summary>
internal static class FragmentedClip
{
    public static readonly string Clip = Path.Combine(SharedFolder.Data, "real", "video", "fomm_demo_10.mp4");

    public static (string Init, List<string> Fragments) Split(string dir, int count, int sliceBytes)
    {
        var clip = File.ReadAllBytes(Clip);
        var boxes = TopLevel(clip);
        byte[] Whole(string type) => boxes.First(b => b.Type == type) is var (_, start, end, _) ? clip[start..end] : [];
        var mdat = boxes.First(b => b.Type == "mdat");
        var payload = clip.AsSpan(mdat.Body, mdat.End - mdat.Body);

        var init = Path.Combine(dir, "init.mp4");
        File.WriteAllBytes(init, [.. Whole("ftyp"), .. Whole("moov")]);
        var fragments = new List<string>();
        for (int i = 0; i < count; i++)
        {
            var slice = payload.Slice(i * sliceBytes % (payload.Length - sliceBytes), sliceBytes).ToArray();
            var sequence = new byte[8];
            BinaryPrimitives.WriteUInt32BigEndian(sequence.AsSpan(4), (uint)(i + 1));
            var path = Path.Combine(dir, $"seg{i:D3}.m4s");
            File.WriteAllBytes(path, [.. Box("moof", Box("mfhd", sequence)), .. Box("mdat", slice)]);
            fragments.Add(path);
        }

        return (init, fragments);
    }

    public static byte[] Box(string type, byte[] body)
    {
        var box = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        body.CopyTo(box, 8);
        return box;
    }

    /// <summary>Top-level boxes of a small test clip (32-bit sizes; size 1 = 64-bit large size).</summary>
    private static List<(string Type, int Start, int End, int Body)> TopLevel(byte[] file)
    {
        var boxes = new List<(string, int, int, int)>();
        for (int at = 0; at + 8 <= file.Length;)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            int header = 8;
            if (size == 1)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan(at + 8));
                header = 16;
            }
            else if (size == 0)
            {
                size = file.Length - at;
            }

            if (size < header || at + size > file.Length)
            {
                throw new InvalidDataException($"the test clip has a bad box at offset {at}");
            }

            boxes.Add((System.Text.Encoding.ASCII.GetString(file, at + 4, 4), at, at + (int)size, at + header));
            at += (int)size;
        }

        return boxes;
    }
}
