using System.Buffers.Binary;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Formats;

/// <summary>
/// JPEG XL in its ISO BMFF container: the manifest store is a whole top-level <c>jumb</c> box whose description box is
/// labelled <c>c2pa</c> (other <c>jumb</c> boxes, e.g. EXIF, are skipped); XMP is the <c>xml </c> box. The data hash
/// excludes the whole <c>jumb</c> box. A bare codestream cannot carry a store; c2pa-rs reads it as an invalid asset.
/// </summary>
public sealed class JpegXlHandler : IAssetHandler
{
    private const string Format = "JPEG XL";

    /// <summary>c2pa-rs refuses containers with more top-level boxes than this.</summary>
    public const int MaxBoxes = 1024;

    private static ReadOnlySpan<byte> ContainerSignature => [0, 0, 0, 12, (byte)'J', (byte)'X', (byte)'L', (byte)' ', 0x0D, 0x0A, 0x87, 0x0A];

    private static ReadOnlySpan<byte> CodestreamSignature => [0xFF, 0x0A];

    public string Name => "jxl";

    public string MediaType(Stream asset) => "image/jxl";

    public bool Matches(ReadOnlySpan<byte> header) => header.StartsWith(ContainerSignature) || header.StartsWith(CodestreamSignature);

    public LocatedManifest Locate(Stream asset)
    {
        AssetStream.RequireSeekable(asset);
        asset.Position = 0;
        var header = new byte[16];
        bool read = AssetStream.TryReadExactly(asset, header.AsSpan(0, 12));
        if (!read || !header.AsSpan(0, 12).SequenceEqual(ContainerSignature))
        {
            throw new ProvenanceReadException(ReadError.InvalidAsset, header.AsSpan().StartsWith(CodestreamSignature)
                ? "JPEG XL naked codestream cannot contain C2PA manifests."
                : "Not a valid JPEG XL container.");
        }

        ByteRange? store = null;
        ByteRange? xmp = null;
        long fileLength = asset.Length;
        long position = 0;
        for (int count = 0; position < fileLength; count++)
        {
            var box = ReadBox(asset, position, header, fileLength);
            if (count >= MaxBoxes)
            {
                throw AssetStream.Invalid(Format, "Too many boxes in JPEG XL container");
            }

            var type = header.AsSpan(4, 4);
            if (type.SequenceEqual("jumb"u8) && IsC2paStore(asset, box.Data))
            {
                store = store is null ? box.Whole : throw new ProvenanceReadException(ReadError.TooManyManifestStores,
                    $"the JPEG XL container has a second C2PA jumb box at offset {box.Whole.Start}");
            }
            else if (type.SequenceEqual("xml "u8) && xmp is null)
            {
                xmp = box.Data;
            }

            position = box.Whole.End;
        }

        string? remoteUrl = null;
        if (xmp is { Length: <= AssetStream.MaxXmpBytes } x)
        {
            asset.Position = x.Start;
            remoteUrl = XmpProvenance.Find(AssetStream.ReadBlock(asset, x.Length, AssetStream.MaxXmpBytes, Format, "xml box"));
        }

        if (store is not { } s)
        {
            return new LocatedManifest { RemoteUrl = remoteUrl };
        }

        asset.Position = s.Start;
        var data = AssetStream.ReadBlock(asset, s.Length, AssetStream.MaxStoreBytes, Format, "C2PA jumb box");
        return new LocatedManifest { Store = data, StoreRanges = [s], RemoteUrl = remoteUrl };
    }

    /// <summary>A box header (32-bit size, 64-bit size when 1, to the end of the file when 0), checked against the file.</summary>
    private static (ByteRange Whole, ByteRange Data) ReadBox(Stream asset, long position, byte[] header, long fileLength)
    {
        asset.Position = position;
        if (!AssetStream.TryReadExactly(asset, header.AsSpan(0, 8)))
        {
            throw AssetStream.Invalid(Format, $"the file ends inside the box header at offset {position}");
        }

        long size = BinaryPrimitives.ReadUInt32BigEndian(header);
        long headerSize = 8;
        if (size == 1)
        {
            if (!AssetStream.TryReadExactly(asset, header.AsSpan(8, 8)))
            {
                throw AssetStream.Invalid(Format, $"the file ends inside the box header at offset {position}");
            }

            ulong large = BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
            size = large > long.MaxValue ? long.MaxValue : (long)large;
            headerSize = 16;
        }

        if (size == 0)
        {
            size = fileLength - position; // the last box runs to the end of the file
        }

        if (size > fileLength - position)
        {
            throw AssetStream.Invalid(Format, $"JPEG XL box size extends beyond asset bounds (box at offset {position})");
        }

        // c2pa-rs takes a box smaller than its header as an empty box ending where its size says.
        var whole = new ByteRange(position, size);
        long dataLength = Math.Max(0, size - headerSize);
        return (whole, new ByteRange(position + headerSize, dataLength));
    }

    /// <summary>The first inner box is a <c>jumd</c> with label and requestable toggles and the label <c>c2pa</c>.</summary>
    private static bool IsC2paStore(Stream asset, ByteRange data)
    {
        Span<byte> peek = stackalloc byte[30];
        int n = (int)Math.Min(peek.Length, data.Length);
        asset.Position = data.Start;
        asset.ReadExactly(peek[..n]);
        peek = peek[..n];
        if (n < 25 || !peek[4..8].SequenceEqual("jumd"u8) || (peek[24] & 3) != 3)
        {
            return false;
        }

        var label = peek[25..];
        int nul = label.IndexOf((byte)0);
        return (nul < 0 ? label : label[..nul]).SequenceEqual("c2pa"u8);
    }
}
