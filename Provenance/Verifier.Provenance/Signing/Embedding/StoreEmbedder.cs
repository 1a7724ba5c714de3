using System.Security.Cryptography;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Formats.Bmff;

namespace Verifier.Provenance.Signing.Embedding;

/// <summary>Where the embedded store sits in the output, container framing included (the hard binding's exclusion).</summary>
internal readonly record struct StorePlacement(long Start, long Length)
{
    public long End => Start + Length;
}

/// <summary>
/// Puts a manifest store into one asset format in two steps: <see cref="Embed"/> copies the input to the output once,
/// dropping any old store and leaving a zero placeholder of the final store size, while feeding the hard binding's hash
/// exactly the bytes it covers; <see cref="WriteStore"/> then writes the signed store over the placeholder.
/// </summary>
internal abstract class StoreEmbedder(byte[]? xmp = null)
{
    private const int CopyBlock = 1 << 20;

    /// <summary>An XMP packet (<c>--remote</c>) written, hashed, just before the store; null for none.</summary>
    protected byte[]? Xmp => xmp;

    /// <summary>True for <c>c2pa.hash.data</c> (JPEG, PNG, RIFF), false for <c>c2pa.hash.bmff.v3</c>.</summary>
    public abstract bool UsesDataHash { get; }

    public abstract StorePlacement Embed(Stream input, Stream output, int storeLength, IncrementalHash hash);

    public abstract void WriteStore(Stream output, StorePlacement placement, byte[] store);

    /// <summary>The embedder for an asset handler, or null for formats Verifier cannot sign yet.</summary>
    public static StoreEmbedder? For(IAssetHandler handler, byte[]? xmp) => handler switch
    {
        JpegHandler => new JpegStoreEmbedder(xmp),
        PngHandler => new PngStoreEmbedder(xmp),
        RiffHandler => new RiffStoreEmbedder(xmp),
        BmffHandler => new BmffStoreEmbedder(xmp),
        _ => null,
    };

    /// <summary>Copies <paramref name="length"/> bytes from <paramref name="start"/>, hashing them unless <paramref name="hash"/> is null.</summary>
    internal static void Copy(Stream input, long start, long length, Stream output, IncrementalHash? hash)
    {
        var buffer = new byte[(int)Math.Min(CopyBlock, Math.Max(length, 1))];
        input.Position = start;
        while (length > 0)
        {
            int n = (int)Math.Min(buffer.Length, length);
            input.ReadExactly(buffer, 0, n);
            output.Write(buffer, 0, n);
            hash?.AppendData(buffer, 0, n);
            length -= n;
        }
    }

    /// <summary>Copies [from, to) of the input, leaving out the ranges in <paramref name="skip"/> (sorted, non-overlapping).</summary>
    protected static void CopySkipping(Stream input, long from, long to, IReadOnlyList<ByteRange> skip, Stream output, IncrementalHash hash)
    {
        long at = from;
        foreach (var range in skip.Where(r => r.End > from && r.Start < to).OrderBy(r => r.Start))
        {
            Copy(input, at, Math.Max(0, range.Start - at), output, hash);
            at = Math.Max(at, range.End);
        }

        Copy(input, at, Math.Max(0, to - at), output, hash);
    }

    protected static void WriteZeros(Stream output, long count)
    {
        var zeros = new byte[(int)Math.Min(CopyBlock, Math.Max(count, 1))];
        while (count > 0)
        {
            int n = (int)Math.Min(zeros.Length, count);
            output.Write(zeros, 0, n);
            count -= n;
        }
    }
}
