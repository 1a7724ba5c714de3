using System.Buffers;
using System.Security.Cryptography;
using Verifier.Provenance.Formats;

namespace Verifier.Provenance.Bindings;

/// <summary>Streams the hash of byte ranges of an asset with a large pooled buffer, never holding the asset in memory.</summary>
internal static class AssetHasher
{
    private const int BufferSize = 1024 * 1024;

    /// <summary>The .NET algorithm for a C2PA hash name (<c>sha256</c>, <c>sha384</c>, <c>sha512</c>), or null when unsupported.</summary>
    public static HashAlgorithmName? Algorithm(string? name) => name switch
    {
        "sha256" => HashAlgorithmName.SHA256,
        "sha384" => HashAlgorithmName.SHA384,
        "sha512" => HashAlgorithmName.SHA512,
        _ => null,
    };

    /// <summary>Hashes the given ranges in order. Every range must lie inside the stream (the caller checks).</summary>
    public static byte[] Hash(HashAlgorithmName algorithm, Stream asset, IEnumerable<ByteRange> ranges)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            foreach (var range in ranges)
            {
                asset.Position = range.Start;
                long left = range.Length;
                while (left > 0)
                {
                    int n = asset.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                    if (n == 0)
                    {
                        throw new EndOfStreamException($"The asset ended inside the hashed range at {range.Start}.");
                    }

                    hash.AppendData(buffer, 0, n);
                    left -= n;
                }
            }

            return hash.GetHashAndReset();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
