namespace Verifier.Provenance.Formats.Bmff;

/// <summary>
/// One ISO BMFF box as the header walk found it: where it sits, its type and its path from the file root
/// (e.g. <c>/moov/trak/mdia/minf/stbl/stco</c>, the form C2PA exclusion xpaths use).
/// </summary>
public sealed class BmffBox
{
    internal BmffBox(long offset, long size, int headerSize, string type, string path, int depth, int parent,
        byte[]? userType, byte? version, uint? flags)
    {
        Offset = offset;
        Size = size;
        HeaderSize = headerSize;
        Type = type;
        Path = path;
        Depth = depth;
        Parent = parent;
        UserType = userType;
        Version = version;
        Flags = flags;
    }

    /// <summary>Absolute file offset of the box's first header byte.</summary>
    public long Offset { get; }

    /// <summary>The whole box, header included.</summary>
    public long Size { get; }

    public long End => Offset + Size;

    /// <summary>8, or 16 with a 64-bit largesize (the <c>uuid</c> extended type is not counted).</summary>
    public int HeaderSize { get; }

    /// <summary>The four-character type, e.g. <c>moov</c>.</summary>
    public string Type { get; }

    public string Path { get; }

    /// <summary>1 for top-level boxes.</summary>
    public int Depth { get; }

    /// <summary>Index of the parent box in <see cref="BmffTree.Boxes"/>, or -1 for a top-level box.</summary>
    public int Parent { get; }

    /// <summary>The 16-byte extended type of a <c>uuid</c> box.</summary>
    public byte[]? UserType { get; }

    /// <summary>FullBox version, for box types ISO 14496-12 defines as full boxes (and every <c>uuid</c> box, as c2pa-rs reads them).</summary>
    public byte? Version { get; }

    /// <summary>FullBox flags (24 bits).</summary>
    public uint? Flags { get; }

    public bool IsTopLevel => Depth == 1;

    public override string ToString() => $"{Path}@{Offset}+{Size}";
}
