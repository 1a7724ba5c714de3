using System.Buffers.Binary;
using System.IO.Compression;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Formats;

/// <summary>
/// Bounded reads shared by the handlers: every length an asset declares is checked against what the stream still
/// holds before anything is read or skipped, so hostile files fail with a clear <see cref="ReadError.InvalidAsset"/>.
/// </summary>
internal static class AssetStream
{
    /// <summary>A manifest store larger than this is treated as hostile (c2pa-rs stores are kilobytes to a few MB).</summary>
    public const int MaxStoreBytes = 64 * 1024 * 1024;

    /// <summary>XMP packets larger than this are skipped: a provenance URL never needs more.</summary>
    public const int MaxXmpBytes = 4 * 1024 * 1024;

    public static void RequireSeekable(Stream asset)
    {
        if (!asset.CanSeek || !asset.CanRead)
        {
            throw new ArgumentException("Asset handlers need a readable, seekable stream.", nameof(asset));
        }
    }

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes, or returns false at end of stream.</summary>
    public static bool TryReadExactly(Stream asset, Span<byte> buffer) =>
        asset.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;

    /// <summary>Reads <paramref name="length"/> bytes at the current position after checking they exist and fit the cap.</summary>
    public static byte[] ReadBlock(Stream asset, long length, int cap, string format, string what)
    {
        if (length > cap)
        {
            throw Invalid(format, $"{what} at offset {asset.Position} is {length} bytes, over the {cap}-byte limit");
        }

        long remaining = asset.Length - asset.Position;
        if (length < 0 || length > remaining)
        {
            throw Invalid(format, $"{what} at offset {asset.Position} claims {length} bytes but only {remaining} remain");
        }

        var data = new byte[length];
        asset.ReadExactly(data);
        return data;
    }

    /// <summary>Moves to an offset the file declared, failing when it lies outside the file.</summary>
    public static void MoveTo(Stream asset, long offset, string format, string what)
    {
        if (offset < 0 || offset > asset.Length)
        {
            throw Invalid(format, $"{what} points to offset {offset}, outside the {asset.Length}-byte file");
        }

        asset.Position = offset;
    }

    /// <summary>zlib-inflates <paramref name="compressed"/>; null when it is corrupt or inflates past <paramref name="cap"/> (a bomb).</summary>
    public static byte[]? Inflate(byte[] compressed, int cap)
    {
        try
        {
            using var input = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int n;
            while ((n = input.Read(buffer)) > 0)
            {
                if (output.Length + n > cap)
                {
                    return null;
                }

                output.Write(buffer, 0, n);
            }

            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    public static uint ReadU32BigEndian(ReadOnlySpan<byte> s) => BinaryPrimitives.ReadUInt32BigEndian(s);

    public static ProvenanceReadException Invalid(string format, string message) =>
        new(ReadError.InvalidAsset, $"Not a valid {format} file: {message}.");
}
