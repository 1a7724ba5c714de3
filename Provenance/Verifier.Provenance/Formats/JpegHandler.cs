using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Formats;

/// <summary>
/// JPEG: the manifest store is carried in APP11 JPEG XT segments (CI <c>JP</c>, En, Z, then JUMBF). A store larger than
/// one segment continues in further segments with the same En, each repeating the superbox's LBox+TBox.
/// </summary>
public sealed class JpegHandler : IAssetHandler, IBoxMapProvider
{
    private const string Format = "JPEG";
    private static ReadOnlySpan<byte> XmpSignature => "http://ns.adobe.com/xap/1.0/\0"u8;

    public string Name => "jpeg";

    public string MediaType(Stream asset) => "image/jpeg";

    public bool Matches(ReadOnlySpan<byte> header) => header is [0xFF, 0xD8, 0xFF, ..];

    public LocatedManifest Locate(Stream asset)
    {
        var packets = new List<(uint Z, byte[] Payload)>();
        byte[]? en = null;
        long runStart = -1;
        long runEnd = -1;
        string? remoteUrl = null;
        foreach (var segment in JpegSegments.Read(asset, throughImageData: false))
        {
            if (segment.Marker == JpegSegment.App1 && remoteUrl is null)
            {
                remoteUrl = ReadXmpUrl(asset, segment);
            }

            if (segment.Marker != JpegSegment.App11 || segment.PayloadLength < 16)
            {
                continue;
            }

            asset.Position = segment.PayloadOffset;
            var payload = AssetStream.ReadBlock(asset, segment.PayloadLength, AssetStream.MaxStoreBytes, Format, "APP11 segment");
            if (payload[0] != (byte)'J' || payload[1] != (byte)'P')
            {
                continue;
            }

            bool continues = en is not null && payload.AsSpan(2, 2).SequenceEqual(en);
            uint z = AssetStream.ReadU32BigEndian(payload.AsSpan(4));
            if (continues && packets.Exists(p => p.Z == z))
            {
                // As c2pa-rs does: a packet number seen before (a repeated or replayed segment) is not part of the store;
                // it ends the run, and the segment stays in the hashed data, where it breaks the hard binding.
                en = [];
                continue;
            }

            if (!continues)
            {
                if (payload.Length < 28 || !payload.AsSpan(24, 4).SequenceEqual("c2pa"u8))
                {
                    continue; // another JPEG XT box, not a manifest store
                }

                if (en is not null)
                {
                    throw new ProvenanceReadException(ReadError.TooManyManifestStores,
                        $"a second C2PA manifest store starts at offset {segment.Offset}");
                }

                en = payload[2..4];
                runStart = segment.Offset;
            }
            else if (segment.Offset != runEnd)
            {
                throw AssetStream.Invalid(Format, $"the C2PA APP11 segments are not contiguous (another segment precedes offset {segment.Offset})");
            }

            packets.Add((z, payload));
            runEnd = segment.End;
        }

        if (packets.Count == 0)
        {
            return new LocatedManifest { RemoteUrl = remoteUrl };
        }

        return new LocatedManifest
        {
            Store = Reassemble(packets),
            StoreRanges = [new ByteRange(runStart, runEnd - runStart)],
            RemoteUrl = remoteUrl,
        };
    }

    public IReadOnlyList<BoxMapEntry> GetBoxMap(Stream asset)
    {
        var map = new List<BoxMapEntry>();
        byte[]? c2paEn = null;
        int c2paIndex = -1;
        Span<byte> head = stackalloc byte[28];
        foreach (var segment in JpegSegments.Read(asset, throughImageData: true))
        {
            var range = new ByteRange(segment.Offset, segment.Length);
            if (segment.Marker is >= 0xD0 and <= 0xD7)
            {
                continue; // c2pa-rs counts stray RSTn with the entropy-coded data
            }

            if (segment.Marker != JpegSegment.App11)
            {
                map.Add(new BoxMapEntry(MarkerName(segment), range));
                continue;
            }

            // c2pa-rs leaves APP11 segments of 16 payload bytes or fewer out of the map.
            if (segment.PayloadLength <= 16)
            {
                continue;
            }

            asset.Position = segment.PayloadOffset;
            var h = head[..(int)Math.Min(28, segment.PayloadLength)];
            asset.ReadExactly(h);
            if (c2paEn is not null && h.Slice(2, 2).SequenceEqual(c2paEn))
            {
                var c2pa = map[c2paIndex];
                map[c2paIndex] = c2pa with { Range = new ByteRange(c2pa.Range.Start, segment.End - c2pa.Range.Start) };
            }
            else if (h.Length >= 28 && h.Slice(24, 4).SequenceEqual("c2pa"u8))
            {
                c2paEn = h.Slice(2, 2).ToArray();
                map.Add(new BoxMapEntry(IBoxMapProvider.C2paBoxName, range));
                c2paIndex = map.Count - 1;
            }
            else
            {
                map.Add(new BoxMapEntry("APP11", range));
            }
        }

        return map;
    }

    private static ReadOnlyMemory<byte> Reassemble(List<(uint Z, byte[] Payload)> packets)
    {
        packets.Sort((a, b) => a.Z.CompareTo(b.Z));
        long total = packets[0].Payload.Length - 8L;
        for (int i = 1; i < packets.Count; i++)
        {
            if (packets[i].Z != packets[i - 1].Z + 1)
            {
                throw AssetStream.Invalid(Format,
                    $"the C2PA APP11 packet sequence jumps from Z={packets[i - 1].Z} to Z={packets[i].Z}");
            }

            total += packets[i].Payload.Length - 16L;
        }

        if (total > AssetStream.MaxStoreBytes)
        {
            throw AssetStream.Invalid(Format, $"the manifest store is {total} bytes, over the {AssetStream.MaxStoreBytes}-byte limit");
        }

        var store = new byte[total];
        int at = 0;
        for (int i = 0; i < packets.Count; i++)
        {
            // Continuation packets repeat the superbox's LBox+TBox before their slice of the store.
            var slice = packets[i].Payload.AsSpan(i == 0 ? 8 : 16);
            slice.CopyTo(store.AsSpan(at));
            at += slice.Length;
        }

        return store;
    }

    private static string? ReadXmpUrl(Stream asset, JpegSegment segment)
    {
        if (segment.PayloadLength <= XmpSignature.Length)
        {
            return null;
        }

        asset.Position = segment.PayloadOffset;
        var payload = AssetStream.ReadBlock(asset, segment.PayloadLength, AssetStream.MaxXmpBytes, Format, "APP1 segment");
        return payload.AsSpan().StartsWith(XmpSignature) ? XmpProvenance.Find(payload.AsSpan(XmpSignature.Length)) : null;
    }

    private static string MarkerName(JpegSegment segment) => segment.Marker switch
    {
        JpegSegment.Soi => "SOI",
        JpegSegment.Eoi => "EOI",
        JpegSegment.Sos => "SOS",
        >= 0xE0 and <= 0xEF => $"APP{segment.Marker - 0xE0}",
        0xFE => "COM",
        0xC4 => "DHT",
        0xDB => "DQT",
        0xDD => "DRI",
        0xCC => "DAC",
        >= 0xC0 and <= 0xC2 => $"SOF{segment.Marker - 0xC0}",
        >= 0xF0 and <= 0xFD => $"JPG{segment.Marker - 0xF0}",
        _ => throw AssetStream.Invalid(Format, $"unknown segment marker 0x{segment.Marker:X2} at offset {segment.Offset}"),
    };
}
