namespace Verifier.Provenance.Formats.Bmff;

/// <summary>
/// The XMP packet of an ISO BMFF file (top-level <c>uuid</c> box BE7ACFCB-97A9-42E8-9C71-999491E3AFAC, packet right
/// after the extended type) and the remote-manifest URL it may carry in <c>dcterms:provenance</c>.
/// </summary>
internal static class BmffXmp
{
    private static ReadOnlySpan<byte> Uuid =>
        [0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC];

    public static bool IsXmp(BmffBox box) => box.Type == "uuid" && box.UserType is { } u && Uuid.SequenceEqual(u);

    /// <summary>The <c>dcterms:provenance</c> URL of the XMP box, or null.</summary>
    public static string? ProvenanceUrl(Stream stream, BmffBox box)
    {
        long start = box.Offset + box.HeaderSize + 16;
        long length = box.End - start;
        if (length <= 0 || length > AssetStream.MaxXmpBytes)
        {
            return null;
        }

        var bytes = new byte[length];
        stream.Position = start;
        stream.ReadExactly(bytes);
        return XmpProvenance.Find(bytes);
    }
}
