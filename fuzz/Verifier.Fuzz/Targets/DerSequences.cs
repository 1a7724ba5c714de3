namespace Verifier.Fuzz.Targets;

/// <summary>
/// Splits bytes into consecutive DER SEQUENCEs by their outer length alone, so one fuzz input can carry a certificate
/// chain. Whatever does not frame as a SEQUENCE becomes the last piece: the certificate parser must judge it.
/// </summary>
public static class DerSequences
{
    public static List<byte[]> Split(byte[] bytes)
    {
        var pieces = new List<byte[]>();
        int at = 0;
        while (at < bytes.Length)
        {
            int length = FramedLength(bytes.AsSpan(at));
            if (length <= 0 || length > bytes.Length - at)
            {
                pieces.Add(bytes[at..]);
                break;
            }

            pieces.Add(bytes[at..(at + length)]);
            at += length;
        }

        return pieces;
    }

    /// <summary>Header plus content length of the SEQUENCE at the start of <paramref name="der"/>, or 0 when it is not one.</summary>
    private static int FramedLength(ReadOnlySpan<byte> der)
    {
        if (der.Length < 2 || der[0] != 0x30)
        {
            return 0;
        }

        if (der[1] < 0x80)
        {
            return 2 + der[1];
        }

        int count = der[1] & 0x7F;
        if (count is 0 or > 3 || der.Length < 2 + count)
        {
            return 0;
        }

        int length = 0;
        for (int i = 0; i < count; i++)
        {
            length = (length << 8) | der[2 + i];
        }

        return 2 + count + length;
    }
}
