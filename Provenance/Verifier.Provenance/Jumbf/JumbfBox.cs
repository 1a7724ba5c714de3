using System.Buffers.Binary;
using System.Text;

namespace Verifier.Provenance.Jumbf;

/// <summary>
/// One ISO/IEC 19566-5 (JUMBF) box of a manifest store held in memory. A superbox (<c>jumb</c>) has a
/// description (<c>jumd</c>) and content children; any other box is a leaf with a payload.
/// </summary>
public sealed class JumbfBox
{
    internal JumbfBox(string type, ReadOnlyMemory<byte> whole, int headerLength, long offset,
        JumbfDescription? description, IReadOnlyList<JumbfBox> children)
    {
        Type = type;
        Whole = whole;
        HeaderLength = headerLength;
        Offset = offset;
        Description = description;
        Children = children;
    }

    /// <summary>The four-character box type, e.g. <c>jumb</c>, <c>cbor</c>, <c>json</c>.</summary>
    public string Type { get; }

    /// <summary>The whole box, header included.</summary>
    public ReadOnlyMemory<byte> Whole { get; }

    /// <summary>LBox + TBox (+ XLBox): 8 or 16 bytes.</summary>
    public int HeaderLength { get; }

    /// <summary>Everything after the header. For a superbox this is what C2PA hashed URIs hash.</summary>
    public ReadOnlyMemory<byte> Payload => Whole[HeaderLength..];

    /// <summary>Offset of the box from the start of the manifest store.</summary>
    public long Offset { get; }

    public JumbfDescription? Description { get; }

    /// <summary>Content boxes of a superbox (the description box is not among them).</summary>
    public IReadOnlyList<JumbfBox> Children { get; }

    public bool IsSuperbox => Description is not null;

    public string? Label => Description?.Label;

    /// <summary>The content type's 4CC from the description UUID (<c>c2ma</c>, <c>c2cl</c>, <c>cbor</c>...).</summary>
    public string? ContentType => Description?.ContentType;

    /// <summary>The child superbox with this label, or null.</summary>
    public JumbfBox? Child(string label)
    {
        foreach (var c in Children)
        {
            if (c.Label == label)
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>The first content box of a superbox whose type is not another superbox (the data of an assertion).</summary>
    public JumbfBox? Content => Children.FirstOrDefault(c => !c.IsSuperbox);

    public override string ToString() => IsSuperbox ? $"jumb[{ContentType}] \"{Label}\"" : $"{Type} ({Whole.Length} bytes)";
}

/// <summary>The <c>jumd</c> description box of a superbox.</summary>
public sealed class JumbfDescription
{
    internal JumbfDescription(byte[] uuid, byte toggles, string? label, uint? id, ReadOnlyMemory<byte>? signature,
        JumbfBox? privateBox)
    {
        Uuid = uuid;
        Toggles = toggles;
        Label = label;
        Id = id;
        Signature = signature;
        PrivateBox = privateBox;
    }

    public byte[] Uuid { get; }

    public byte Toggles { get; }

    public string? Label { get; }

    public uint? Id { get; }

    public ReadOnlyMemory<byte>? Signature { get; }

    /// <summary>The private box (C2PA puts a <c>c2sh</c> salt box here).</summary>
    public JumbfBox? PrivateBox { get; }

    /// <summary>The first four UUID bytes as ASCII when the UUID has the ISO suffix, else the UUID in hex.</summary>
    public string ContentType => JumbfUuids.HasIsoSuffix(Uuid)
        ? Encoding.ASCII.GetString(Uuid, 0, 4)
        : Convert.ToHexString(Uuid).ToLowerInvariant();
}

/// <summary>Well-known JUMBF content-type UUIDs.</summary>
public static class JumbfUuids
{
    private static ReadOnlySpan<byte> IsoSuffix => [0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>Embedded-file content type (thumbnails and other files carried in a manifest).</summary>
    public const string EmbeddedFile = "40cb0c32bb8a489da70b2ad6f47f4369";

    public static bool HasIsoSuffix(ReadOnlySpan<byte> uuid) => uuid.Length == 16 && uuid[4..].SequenceEqual(IsoSuffix);

    /// <summary>The 16-byte UUID of a 4CC content type (e.g. <c>c2pa</c>, <c>cbor</c>).</summary>
    public static byte[] FromFourCc(string fourCc)
    {
        var uuid = new byte[16];
        Encoding.ASCII.GetBytes(fourCc, uuid);
        IsoSuffix.CopyTo(uuid.AsSpan(4));
        return uuid;
    }

    internal static uint ReadU32(ReadOnlySpan<byte> s) => BinaryPrimitives.ReadUInt32BigEndian(s);
}
