using System.Buffers.Binary;

namespace Verifier.Provenance.Formats.Bmff;

/// <summary>
/// The C2PA <c>uuid</c> box (ContentProvenanceBox): extended type D8FEC3D6-1B0E-483C-9297-5828877EC481, version+flags,
/// a NUL-terminated purpose (<c>manifest</c> or <c>merkle</c>), then for a manifest a u64 offset to the first auxiliary
/// merkle box and the JUMBF store; for merkle the CBOR proof of a fragment.
/// </summary>
public sealed class C2paUuidBox
{
    public const string ManifestPurpose = "manifest";
    public const string MerklePurpose = "merkle";

    /// <summary>The signed store of a file that later received an update manifest (kept so its hash still holds).</summary>
    public const string OriginalPurpose = "original";

    /// <summary>The whole store after an update manifest was added.</summary>
    public const string UpdatePurpose = "update";

    private const int MaxPurpose = 64;

    private C2paUuidBox(BmffBox box, string purpose, long merkleOffset, long dataStart)
    {
        Box = box;
        Purpose = purpose;
        FirstMerkleBoxOffset = merkleOffset;
        DataStart = dataStart;
    }

    public static ReadOnlySpan<byte> Uuid =>
        [0xD8, 0xFE, 0xC3, 0xD6, 0x1B, 0x0E, 0x48, 0x3C, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7E, 0xC4, 0x81];

    public BmffBox Box { get; }

    public string Purpose { get; }

    /// <summary>For a manifest/original/update box: the offset to the first auxiliary merkle <c>uuid</c> box (0 when none).</summary>
    public long FirstMerkleBoxOffset { get; }

    /// <summary>Absolute offset where the JUMBF store (manifest) or the CBOR proof (merkle) begins.</summary>
    public long DataStart { get; }

    public long DataLength => Box.End - DataStart;

    public static bool IsC2pa(BmffBox box) => box.Type == "uuid" && box.UserType is { } u && Uuid.SequenceEqual(u);

    /// <summary>Reads the header fields of a C2PA uuid box (not its data).</summary>
    public static C2paUuidBox Read(Stream stream, BmffBox box)
    {
        long pos = box.Offset + box.HeaderSize + 16;
        if (box.End - pos < 4)
        {
            throw BmffTree.Invalid("UUID box too small for FullBox header");
        }

        pos += 4;
        int window = (int)Math.Min(box.End - pos, MaxPurpose + 1 + 8);
        Span<byte> buf = stackalloc byte[MaxPurpose + 1 + 8];
        var b = buf[..window];
        stream.Position = pos;
        stream.ReadExactly(b);
        int nul = b[..Math.Min(window, MaxPurpose + 1)].IndexOf((byte)0);
        if (nul < 0)
        {
            throw BmffTree.Invalid($"the C2PA uuid box at offset {box.Offset} has no NUL-terminated purpose");
        }

        string purpose = System.Text.Encoding.ASCII.GetString(b[..nul]);
        pos += nul + 1;
        long merkleOffset = 0;
        if (purpose is ManifestPurpose or OriginalPurpose or UpdatePurpose)
        {
            if (box.End - pos < 8)
            {
                throw BmffTree.Invalid("UUID box too small for merkle offset field");
            }

            merkleOffset = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(b[(nul + 1)..]), long.MaxValue);
            pos += 8;
        }

        return new C2paUuidBox(box, purpose, merkleOffset, pos);
    }

    /// <summary>Reads the data (store or proof) into memory, refusing absurd sizes.</summary>
    public byte[] ReadData(Stream stream)
    {
        // The same store cap as every other format (it was 256 MB here alone).
        if (DataLength > AssetStream.MaxStoreBytes)
        {
            throw BmffTree.Invalid($"the C2PA uuid box at offset {Box.Offset} holds {DataLength} bytes, over the {AssetStream.MaxStoreBytes}-byte limit");
        }

        var data = new byte[DataLength];
        stream.Position = DataStart;
        stream.ReadExactly(data);
        return data;
    }
}
