using System.Buffers.Binary;
using System.Security.Cryptography;
using Verifier.Provenance.Formats;

namespace Verifier.Provenance.Signing.Embedding;

/// <summary>
/// JPEG: the store in APP11 JPEG XT segments as c2pa-rs writes them: CI <c>JP</c>, En 0x0211, Z from 1, then 64000-byte
/// slices of the store, each continuation repeating the store's LBox+TBox; placed where an old store was, else after
/// the last APP0 (JFIF), else right after SOI.
/// </summary>
internal sealed class JpegStoreEmbedder(byte[]? xmp) : StoreEmbedder(xmp)
{
    private const int Slice = 64000;
    private const byte App0 = 0xE0;
    private static ReadOnlySpan<byte> XmpSignature => "http://ns.adobe.com/xap/1.0/\0"u8;

    public override bool UsesDataHash => true;

    public override StorePlacement Embed(Stream input, Stream output, int storeLength, IncrementalHash hash)
    {
        var old = new JpegHandler().Locate(input).StoreRanges;
        long insertAt = old.Count > 0 ? old[0].Start : AfterLastApp0(input);
        Copy(input, 0, insertAt, output, hash);
        if (Xmp is not null)
        {
            WriteXmpSegment(input, output, hash);
        }

        long start = output.Position;
        long runLength = RunLength(storeLength);
        WriteZeros(output, runLength);
        CopySkipping(input, insertAt, input.Length, old, output, hash);
        return new StorePlacement(start, runLength);
    }

    public override void WriteStore(Stream output, StorePlacement placement, byte[] store)
    {
        output.Position = placement.Start;
        var header = new byte[20];
        int segments = SegmentCount(store.Length);
        for (int i = 0; i < segments; i++)
        {
            int sliceStart = i * Slice;
            int sliceLength = Math.Min(Slice, store.Length - sliceStart);
            int prefix = i == 0 ? 8 : 16;
            header[0] = 0xFF;
            header[1] = 0xEB;
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)(2 + prefix + sliceLength));
            header[4] = (byte)'J';
            header[5] = (byte)'P';
            header[6] = 0x02;
            header[7] = 0x11;
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), (uint)(i + 1));
            store.AsSpan(0, 8).CopyTo(header.AsSpan(12));
            output.Write(header, 0, 4 + prefix);
            output.Write(store, sliceStart, sliceLength);
        }

        if (output.Position != placement.End)
        {
            throw new InvalidOperationException("the APP11 run does not fill its placeholder");
        }
    }

    private void WriteXmpSegment(Stream input, Stream output, IncrementalHash hash)
    {
        var head = new byte[XmpSignature.Length];
        foreach (var segment in JpegSegments.Read(input, throughImageData: false).Where(s => s.Marker == JpegSegment.App1).ToList())
        {
            input.Position = segment.PayloadOffset;
            if (segment.PayloadLength >= head.Length && input.ReadAtLeast(head, head.Length, false) == head.Length && XmpSignature.SequenceEqual(head))
            {
                throw XmpPacket.AlreadyPresent("JPEG");
            }
        }

        var app1 = new byte[4 + XmpSignature.Length + Xmp!.Length];
        app1[0] = 0xFF;
        app1[1] = JpegSegment.App1;
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), checked((ushort)(app1.Length - 2)));
        XmpSignature.CopyTo(app1.AsSpan(4));
        Xmp.CopyTo(app1, 4 + XmpSignature.Length);
        output.Write(app1);
        hash.AppendData(app1);
    }

    private static int SegmentCount(long storeLength) => (int)((storeLength + Slice - 1) / Slice);

    /// <summary>Marker + length + CI/En/Z per segment, the repeated LBox+TBox in continuations, and the store.</summary>
    private static long RunLength(long storeLength)
    {
        int segments = SegmentCount(storeLength);
        return storeLength + segments * 12L + (segments - 1) * 8L;
    }

    private static long AfterLastApp0(Stream input)
    {
        long at = 2;
        foreach (var segment in JpegSegments.Read(input, throughImageData: false))
        {
            if (segment.Marker == App0)
            {
                at = segment.End;
            }
        }

        return at;
    }
}
