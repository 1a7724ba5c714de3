namespace Verifier.Provenance.Formats;

/// <summary>What a GIF block is, as far as C2PA cares.</summary>
internal enum GifBlockKind
{
    Other,
    C2paExtension,
    XmpExtension,
    Image,
    Trailer,
}

/// <summary>
/// One GIF block: where it starts and how long it is (sub-blocks and terminator included). An image is its descriptor,
/// local colour table and data together. <see cref="DataStart"/> is an application extension's first sub-block.
/// </summary>
internal readonly record struct GifBlock(GifBlockKind Kind, long Start, long Length, long DataStart)
{
    public ByteRange Range => new(Start, Length);
}

/// <summary>
/// Walks a GIF's blocks as c2pa-rs's GIF reader does, checking every size against the file. Each block advances at least
/// one byte, so a walk ends within the file's length; sub-block data is skipped, never read.
/// </summary>
internal static class GifBlocks
{
    public const string Format = "GIF";

    private static ReadOnlySpan<byte> C2paId => "C2PA_GIF\u0001\0\0"u8;
    private static ReadOnlySpan<byte> XmpId => "XMP DataXMP"u8;

    /// <summary>The blocks after the header, screen descriptor and global colour table, up to the trailer.</summary>
    public static IEnumerable<GifBlock> Read(Stream asset)
    {
        AssetStream.RequireSeekable(asset);
        asset.Position = 0;
        Span<byte> head = stackalloc byte[13];
        if (!AssetStream.TryReadExactly(asset, head) || !head.StartsWith("GIF"u8))
        {
            throw AssetStream.Invalid(Format, "GIF signature invalid");
        }

        // c2pa-rs sizes the global colour table from the colour-resolution bits (4-6), not the size bits (0-2), and
        // places the store after it; reading the same way finds the store where c2pa-rs put it.
        byte packed = head[10];
        long position = 13 + ((packed & 0x80) != 0 ? 3L << (((packed >> 4) & 7) + 1) : 0);
        return Walk(asset, position);
    }

    /// <summary>The decoded data of the sub-blocks starting at <paramref name="dataStart"/>, or null when over <paramref name="cap"/>.</summary>
    public static byte[]? ReadSubBlocks(Stream asset, long dataStart, int cap)
    {
        var data = new MemoryStream();
        var chunk = new byte[255];
        asset.Position = dataStart;
        for (int size = ReadByte(asset); size != 0; size = ReadByte(asset))
        {
            if (data.Length + size > cap)
            {
                return null;
            }

            if (!AssetStream.TryReadExactly(asset, chunk.AsSpan(0, size)))
            {
                throw Truncated(asset);
            }

            data.Write(chunk, 0, size);
        }

        return data.ToArray();
    }

    private static IEnumerable<GifBlock> Walk(Stream asset, long position)
    {
        while (true)
        {
            var block = ReadBlock(asset, position);
            yield return block;
            if (block.Kind == GifBlockKind.Trailer)
            {
                yield break;
            }

            position = block.Start + block.Length;
        }
    }

    private static GifBlock ReadBlock(Stream asset, long start)
    {
        MoveTo(asset, start);
        int introducer = ReadByte(asset);
        switch (introducer)
        {
            case 0x3B:
                return new GifBlock(GifBlockKind.Trailer, start, 1, 0);
            case 0x2C:
                return ReadImage(asset, start);
            case 0x21:
                break;
            default:
                throw AssetStream.Invalid(Format, $"Invalid block id: {introducer} at offset {start}");
        }

        int label = ReadByte(asset);
        var kind = GifBlockKind.Other;
        long dataStart = 0;
        switch (label)
        {
            case 0xFF:
                int idSize = ReadByte(asset);
                if (idSize != 11)
                {
                    throw AssetStream.Invalid(Format, $"Invalid block size for app block extension {idSize}!=11 at offset {start}");
                }

                Span<byte> id = stackalloc byte[11];
                if (!AssetStream.TryReadExactly(asset, id))
                {
                    throw Truncated(asset);
                }

                kind = id.SequenceEqual(C2paId) ? GifBlockKind.C2paExtension
                    : id.SequenceEqual(XmpId) ? GifBlockKind.XmpExtension
                    : GifBlockKind.Other;
                dataStart = asset.Position;
                break;
            case 0xFE:
                break;
            case 0xF9:
                MoveTo(asset, asset.Position + 6); // graphic control: size byte, 4 bytes, terminator
                return new GifBlock(GifBlockKind.Other, start, asset.Position - start, 0);
            case 0x21: // c2pa-rs takes 0x21, not the spec's 0x01, as the plain text label (0x01 is an error there)
                MoveTo(asset, asset.Position + 11);
                break;
            default:
                throw AssetStream.Invalid(Format, $"Invalid block extension label: {label} at offset {start}");
        }

        SkipSubBlocks(asset);
        return new GifBlock(kind, start, asset.Position - start, dataStart);
    }

    /// <summary>Image descriptor (9 bytes after the separator), optional local colour table, LZW code size and data.</summary>
    private static GifBlock ReadImage(Stream asset, long start)
    {
        MoveTo(asset, asset.Position + 8);
        int packed = ReadByte(asset);
        if ((packed & 0x80) != 0)
        {
            MoveTo(asset, asset.Position + (3L << ((packed & 7) + 1)));
        }

        MoveTo(asset, asset.Position + 1);
        SkipSubBlocks(asset);
        return new GifBlock(GifBlockKind.Image, start, asset.Position - start, 0);
    }

    private static void SkipSubBlocks(Stream asset)
    {
        for (int size = ReadByte(asset); size != 0; size = ReadByte(asset))
        {
            MoveTo(asset, asset.Position + size);
        }
    }

    private static void MoveTo(Stream asset, long offset)
    {
        if (offset > asset.Length)
        {
            throw Truncated(asset);
        }

        asset.Position = offset;
    }

    private static int ReadByte(Stream asset)
    {
        int b = asset.ReadByte();
        return b >= 0 ? b : throw Truncated(asset);
    }

    private static Validation.ProvenanceReadException Truncated(Stream asset) =>
        AssetStream.Invalid(Format, $"the file ends inside a block ({asset.Length} bytes)");
}
