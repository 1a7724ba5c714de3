using System.Buffers.Binary;
using System.Text;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Formats.Bmff;

/// <summary>
/// ISO BMFF assets (MP4, MOV, M4A, HEIF/HEIC, AVIF): recognised by their leading <c>ftyp</c> box; the manifest store
/// is the top-level C2PA <c>uuid</c> box. Only box headers are read, so memory stays bounded for any file size.
/// </summary>
public sealed class BmffHandler : IAssetHandler
{
    public string Name => "bmff";

    public bool Matches(ReadOnlySpan<byte> header) => header.Length >= 12 && header[4..8].SequenceEqual("ftyp"u8);

    public string MediaType(Stream asset)
    {
        Span<byte> head = stackalloc byte[8];
        asset.Position = 0;
        if (asset.ReadAtLeast(head, 8, throwOnEndOfStream: false) < 8 || !head[4..8].SequenceEqual("ftyp"u8))
        {
            throw new ProvenanceReadException(ReadError.UnsupportedType, "not an ISO BMFF file: it does not start with an ftyp box");
        }

        long size = BinaryPrimitives.ReadUInt32BigEndian(head);
        if (size < 16 || size > 4096 || size > asset.Length)
        {
            throw BmffTree.Invalid("ftyp size too small or not aligned");
        }

        var ftyp = new byte[size - 8];
        asset.ReadExactly(ftyp);
        var brands = new List<string> { Brand(ftyp.AsSpan(0, 4)) };
        for (int i = 8; i + 4 <= ftyp.Length; i += 4)
        {
            brands.Add(Brand(ftyp.AsSpan(i, 4)));
        }

        return MediaTypeOf(brands);
    }

    /// <summary>The media type for a major brand followed by the compatible brands.</summary>
    internal static string MediaTypeOf(IReadOnlyList<string> brands)
    {
        string major = brands[0];
        if (major == "qt  ")
        {
            return "video/quicktime";
        }

        if (major is "M4A " or "M4B " or "M4P ")
        {
            return "audio/mp4";
        }

        // An image file's major brand may be the generic mif1/msf1; its compatible brands then say which codec.
        bool Has(params string[] names) => brands.Any(names.Contains);
        if (major is "avif" or "avis" || (major is "mif1" or "msf1" && Has("avif", "avis")))
        {
            return "image/avif";
        }

        if (major is "heic" or "heix" or "heim" or "heis" or "hevc" or "hevx" or "hevm" or "hevs"
            || (major is "mif1" or "msf1" && Has("heic", "heix", "hevc", "hevx")))
        {
            return "image/heic";
        }

        return major is "mif1" or "msf1" ? "image/heif" : "video/mp4";
    }

    public LocatedManifest Locate(Stream asset)
    {
        var tree = BmffTree.Read(asset);
        C2paUuidBox? manifest = null, original = null, update = null;
        bool anyC2pa = false;
        string? remote = null;
        foreach (var box in tree.TopLevel)
        {
            if (C2paUuidBox.IsC2pa(box))
            {
                anyC2pa = true;
                var c2pa = C2paUuidBox.Read(asset, box);
                switch (c2pa.Purpose)
                {
                    case C2paUuidBox.ManifestPurpose:
                        manifest = manifest is null ? c2pa : throw new ProvenanceReadException(ReadError.TooManyManifestStores,
                            $"a second C2PA manifest uuid box at offset {box.Offset}");
                        break;
                    case C2paUuidBox.OriginalPurpose:
                        original ??= c2pa;
                        break;
                    case C2paUuidBox.UpdatePurpose:
                        update ??= c2pa;
                        break;
                }
            }
            else if (remote is null && BmffXmp.IsXmp(box))
            {
                remote = BmffXmp.ProvenanceUrl(asset, box);
            }
        }

        // An update manifest is written as a second box ("update", a store of the new manifests) beside the signed
        // "original"; either alone means the file was cut or retagged (c2pa-rs's messages).
        if (manifest is null && (original is not null || update is not null))
        {
            if (original is null || update is null)
            {
                throw new ProvenanceReadException(ReadError.C2PAValidation, original is null
                    ? "update manifest without original manifest"
                    : "original manifest without update manifest");
            }

            return new LocatedManifest
            {
                Store = Combine(original.ReadData(asset), update.ReadData(asset)),
                StoreRanges = [Range(original), Range(update)],
                RemoteUrl = remote,
            };
        }

        if (manifest is null && anyC2pa)
        {
            // A purpose retagged (to merkle or anything else) must not make a signed file look unsigned.
            throw new ProvenanceReadException(ReadError.C2PAValidation, "C2PA box present without a readable manifest");
        }

        return manifest is null
            ? new LocatedManifest { RemoteUrl = remote }
            : new LocatedManifest { Store = manifest.ReadData(asset), StoreRanges = [Range(manifest)], RemoteUrl = remote };
    }

    /// <summary>The original store with the update store's manifests appended (active last), as c2pa-rs reads them.</summary>
    private static byte[] Combine(byte[] original, byte[] update)
    {
        var root = JumbfReader.ParseStore(original);
        var added = JumbfReader.ParseStore(update).Children;
        long length = original.Length + added.Sum(c => (long)c.Whole.Length);
        if (length > AssetStream.MaxStoreBytes)
        {
            throw BmffTree.Invalid("the combined original and update manifest stores are too large");
        }

        var combined = new byte[length];
        original.CopyTo(combined, 0);
        int at = original.Length;
        foreach (var c in added)
        {
            c.Whole.Span.CopyTo(combined.AsSpan(at));
            at += c.Whole.Length;
        }

        if (root.HeaderLength == 16)
        {
            BinaryPrimitives.WriteUInt64BigEndian(combined.AsSpan(8), (ulong)length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(combined, (uint)length);
        }

        return combined;
    }

    private static ByteRange Range(C2paUuidBox box) => new(box.Box.Offset, box.Box.Size);

    private static string Brand(ReadOnlySpan<byte> b) => Encoding.Latin1.GetString(b);
}
