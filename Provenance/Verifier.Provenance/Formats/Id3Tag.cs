using System.Buffers.Binary;
using System.Text;

namespace Verifier.Provenance.Formats;

/// <summary>
/// An ID3v2.3/2.4 tag at the start of a file (MP3, FLAC): the manifest store is the object of a GEOB frame whose MIME
/// type is <c>application/c2pa</c> (or the older <c>application/x-c2pa-manifest-store</c>); XMP is a PRIV frame owned
/// by <c>XMP</c>. A malformed tag reads as "no manifest", as it does in c2pa-rs (whose ID3 parser gives up on it), so
/// the walk stops at the first frame that does not add up.
/// </summary>
internal static class Id3Tag
{
    private const string Format = "ID3";
    private const int MaxFrames = 100_000;

    /// <summary>The tag's total length (header, frames and footer), or null when <paramref name="header"/> is not an ID3v2 header.</summary>
    public static long? Length(ReadOnlySpan<byte> header) =>
        header.Length >= 10 && header.StartsWith("ID3"u8) ? 10 + SyncSafe(header[6..]) + ((header[5] & 0x10) != 0 ? 10 : 0) : null;

    /// <summary>The store and remote URL in the tag at the start of <paramref name="asset"/>; empty when there is no usable tag.</summary>
    public static LocatedManifest Locate(Stream asset)
    {
        AssetStream.RequireSeekable(asset);
        asset.Position = 0;
        var header = new byte[10];
        if (!AssetStream.TryReadExactly(asset, header) || !header.AsSpan().StartsWith("ID3"u8))
        {
            return new LocatedManifest();
        }

        int version = header[3];
        byte flags = header[5];
        long tagEnd = 10 + SyncSafe(header.AsSpan(6));
        // ID3v2.2 uses other frame ids, and a whole-tag unsynchronisation would need reversing: neither carries C2PA.
        if (version is not (3 or 4) || (flags & 0x80) != 0 || tagEnd > asset.Length)
        {
            return new LocatedManifest();
        }

        LocatedManifest? store = null;
        string? remoteUrl = null;
        long position = 10;
        if ((flags & 0x40) != 0)
        {
            if (!AssetStream.TryReadExactly(asset, header.AsSpan(0, 4)))
            {
                return new LocatedManifest();
            }

            long extended = version == 4 ? SyncSafe(header) : BinaryPrimitives.ReadUInt32BigEndian(header) + 4L;
            position += extended;
        }

        for (int count = 0; count < MaxFrames && position + 10 <= tagEnd; count++)
        {
            asset.Position = position;
            asset.ReadExactly(header);
            if (header[0] == 0)
            {
                break; // padding
            }

            long size = version == 4 ? SyncSafe(header.AsSpan(4)) : BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            long body = position + 10;
            bool compressed = version == 4 ? (header[9] & 0x08) != 0 : (header[9] & 0x80) != 0;
            bool opaque = compressed || (version == 4 ? (header[9] & 0x06) != 0 : (header[9] & 0x40) != 0);
            if (size > tagEnd - body || compressed && size < 4)
            {
                break; // e.g. a compressed frame too short for its decompressed-size field (c2pa-rs: JumbfNotFound)
            }

            var id = header.AsSpan(0, 4);
            if (!opaque && store is null && id.SequenceEqual("GEOB"u8))
            {
                store = TryReadStore(asset, body, size);
            }
            else if (!opaque && remoteUrl is null && id.SequenceEqual("PRIV"u8) && size is > 4 and <= AssetStream.MaxXmpBytes)
            {
                remoteUrl = ReadXmpUrl(asset, body, size);
            }

            position = body + size;
        }

        return store is null
            ? new LocatedManifest { RemoteUrl = remoteUrl }
            : new LocatedManifest { Store = store.Store, StoreRanges = store.StoreRanges, RemoteUrl = remoteUrl };
    }

    /// <summary>c2pa-rs writes XMP as a PRIV frame owned by <c>XMP</c>.</summary>
    private static string? ReadXmpUrl(Stream asset, long body, long size)
    {
        asset.Position = body;
        var data = AssetStream.ReadBlock(asset, size, AssetStream.MaxXmpBytes, Format, "PRIV frame");
        return data.AsSpan().StartsWith("XMP\0"u8) ? XmpProvenance.Find(data.AsSpan(4)) : null;
    }

    /// <summary>GEOB = encoding, MIME (Latin-1, NUL), file name and description (NUL or NUL NUL for UTF-16), object.</summary>
    private static LocatedManifest? TryReadStore(Stream asset, long body, long size)
    {
        asset.Position = body;
        int headLength = (int)Math.Min(size, 4096);
        var head = new byte[headLength];
        asset.ReadExactly(head);
        int encoding = head.Length > 0 ? head[0] : -1;
        int at = 1;
        var mime = Terminated(head, ref at, wide: false);
        if (mime is not ("application/c2pa" or "application/x-c2pa-manifest-store"))
        {
            return null;
        }

        bool wide = encoding is 1 or 2;
        if (Terminated(head, ref at, wide) is null || Terminated(head, ref at, wide) is null)
        {
            return null;
        }

        asset.Position = body + at;
        var store = AssetStream.ReadBlock(asset, size - at, AssetStream.MaxStoreBytes, Format, "GEOB object");
        return new LocatedManifest { Store = store, StoreRanges = [new ByteRange(body + at, size - at)] };
    }

    private static string? Terminated(byte[] data, ref int at, bool wide)
    {
        int step = wide ? 2 : 1;
        for (int i = at; i + step <= data.Length; i += step)
        {
            if (data[i] == 0 && (!wide || data[i + 1] == 0))
            {
                var text = Encoding.Latin1.GetString(data, at, i - at);
                at = i + step;
                return text;
            }
        }

        return null;
    }

    private static long SyncSafe(ReadOnlySpan<byte> s) => (s[0] & 0x7FL) << 21 | (s[1] & 0x7FL) << 14 | (s[2] & 0x7FL) << 7 | (s[3] & 0x7FL);
}
