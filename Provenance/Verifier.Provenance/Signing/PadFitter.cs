namespace Verifier.Provenance.Signing;

/// <summary>
/// Finds zero-filled <c>pad</c> / <c>pad2</c> byte-string lengths that make a CBOR structure exactly a reserved size.
/// One pad cannot reach every size (a bstr's length prefix grows from 1 to 2 to 3 bytes at 24 and 256), so a second,
/// small pad fills the gap, as c2pa-rs's <c>pad_cose_sig</c> does.
/// </summary>
internal static class PadFitter
{
    /// <summary>
    /// Calls <paramref name="encode"/>(pad, pad2) with growing lengths (null = field absent) until the encoding is
    /// <paramref name="target"/> bytes long. Throws when the structure without padding is already too big: a bug in the
    /// reserved-size arithmetic, not bad input.
    /// </summary>
    public static byte[] Fit(int target, Func<int?, int?, byte[]> encode)
    {
        var bare = encode(null, null);
        if (bare.Length == target)
        {
            return bare;
        }

        int room = target - bare.Length;
        if (room < 0)
        {
            throw new InvalidOperationException($"the structure is {bare.Length} bytes, over its reserved {target} bytes");
        }

        for (int pad2 = -1; pad2 < 8; pad2++)
        {
            // "pad" plus its key and length prefix take at least 5 bytes, at most 9 more than its data.
            for (int pad = Math.Max(0, room - 24); pad <= room; pad++)
            {
                var encoded = encode(pad, pad2 < 0 ? null : pad2);
                if (encoded.Length == target)
                {
                    return encoded;
                }

                if (encoded.Length > target)
                {
                    break;
                }
            }
        }

        throw new InvalidOperationException($"no pad reaches exactly {target} bytes from {bare.Length}");
    }
}
