using System.Buffers.Binary;
using System.Text;

namespace Verifier.Provenance.Jumbf;

/// <summary>
/// Writes ISO/IEC 19566-5 (JUMBF) boxes as C2PA lays them out: superboxes (<c>jumb</c>) with a labelled, requestable
/// description (toggles 0x03, or 0x13 with a private <c>c2sh</c> salt box as c2pa-rs writes assertions) and leaf boxes.
/// Stores are small (kilobytes to a few megabytes), so boxes are built as arrays.
/// </summary>
public static class JumbfWriter
{
    private const byte Requestable = 0x01;
    private const byte HasLabel = 0x02;
    private const byte HasPrivateBox = 0x10;

    /// <summary>A leaf box: 8-byte header (LBox, TBox) then <paramref name="payload"/>.</summary>
    public static byte[] Box(string type, ReadOnlySpan<byte> payload)
    {
        if (type.Length != 4)
        {
            throw new ArgumentException("a box type is four characters", nameof(type));
        }

        long size = 8L + payload.Length;
        if (size > uint.MaxValue)
        {
            throw new ArgumentException("box payload too large for a 32-bit LBox", nameof(payload));
        }

        var box = new byte[size];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)size);
        Encoding.ASCII.GetBytes(type, box.AsSpan(4));
        payload.CopyTo(box.AsSpan(8));
        return box;
    }

    /// <summary>
    /// A superbox of content type <paramref name="fourCc"/> (e.g. <c>c2pa</c>, <c>c2ma</c>, <c>cbor</c>) labelled
    /// <paramref name="label"/>, holding <paramref name="children"/> in order. With <paramref name="salt"/>, the description
    /// carries it in a private <c>c2sh</c> box (toggles 0x13).
    /// </summary>
    public static byte[] Superbox(string fourCc, string label, IEnumerable<byte[]> children, ReadOnlySpan<byte> salt = default) =>
        Superbox(JumbfUuids.FromFourCc(fourCc), label, children, salt);

    /// <summary>A superbox whose content type is a full 16-byte <paramref name="uuid"/> (e.g. the embedded-file type).</summary>
    public static byte[] Superbox(byte[] uuid, string label, IEnumerable<byte[]> children, ReadOnlySpan<byte> salt = default)
    {
        if (uuid.Length != 16)
        {
            throw new ArgumentException("a content type UUID is 16 bytes", nameof(uuid));
        }

        var description = Description(uuid, label, salt);
        using var payload = new MemoryStream();
        payload.Write(description);
        foreach (var child in children)
        {
            payload.Write(child);
        }

        return Box("jumb", payload.GetBuffer().AsSpan(0, (int)payload.Length));
    }

    /// <summary>The payload of a superbox (everything after its 8-byte header): what C2PA hashed URIs hash.</summary>
    public static ReadOnlySpan<byte> PayloadOf(byte[] superbox) => superbox.AsSpan(8);

    private static byte[] Description(byte[] uuid, string label, ReadOnlySpan<byte> salt)
    {
        var labelBytes = Encoding.UTF8.GetBytes(label);
        var privateBox = salt.IsEmpty ? [] : Box("c2sh", salt);
        var payload = new byte[16 + 1 + labelBytes.Length + 1 + privateBox.Length];
        uuid.CopyTo(payload, 0);
        payload[16] = (byte)(Requestable | HasLabel | (salt.IsEmpty ? 0 : HasPrivateBox));
        labelBytes.CopyTo(payload, 17);
        privateBox.CopyTo(payload, 17 + labelBytes.Length + 1);
        return Box("jumd", payload);
    }
}
