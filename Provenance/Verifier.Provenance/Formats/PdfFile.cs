using System.Text;

namespace Verifier.Provenance.Formats;

/// <summary>
/// Random access to a PDF's objects through its classic cross-reference tables (the newest section and its
/// <c>/Prev</c> chain, capped), reading each object from a bounded window at its offset. Like lopdf (c2pa-rs's PDF
/// library), a broken table is rebuilt by scanning the file for <c>N G obj</c>, and a stream whose <c>/Length</c> is
/// wrong ends at <c>endstream</c>. Cross-reference streams and (Flate) object streams are read too.
/// </summary>
internal sealed class PdfFile
{
    public const string Format = "PDF";
    public const int MaxXrefSections = 100;
    public const int MaxObjectBytes = 1 << 20;
    private const int MaxXrefBytes = 32 << 20;
    private const int MaxReferenceChain = 32;
    public const int MaxObjects = 1_000_000;
    private const int ScanChunk = 1 << 20;

    private readonly Stream _asset;
    private readonly Dictionary<int, long> _offsets = [];

    // Objects inside object streams (number -> the object stream's number), and decoded object streams.
    private readonly Dictionary<int, int> _compressed = [];
    private readonly Dictionary<int, byte[]> _objectStreams = [];

    private PdfFile(Stream asset) => _asset = asset;

    /// <summary>The newest trailer dictionary.</summary>
    public Dictionary<string, object?> Trailer { get; private set; } = [];

    /// <summary>Reads the cross-reference sections, or rebuilds them; failing both, c2pa-rs's (lopdf's) wording.</summary>
    public static PdfFile Open(Stream asset)
    {
        try
        {
            return ReadXref(asset);
        }
        catch (FormatException e)
        {
            try
            {
                return Rebuild(asset);
            }
            catch (FormatException)
            {
                throw new FormatException($"failed parsing cross reference table: {e.Message}", e);
            }
        }
    }

    /// <summary>Every <c>N G obj</c> in the file (the last of a number wins) and the last <c>trailer</c> dictionary.</summary>
    private static PdfFile Rebuild(Stream asset)
    {
        var pdf = new PdfFile(asset);
        long trailerAt = -1;
        var chunk = new byte[ScanChunk + 64];
        for (long start = 0; start < asset.Length; start += ScanChunk)
        {
            asset.Position = start;
            int n = asset.ReadAtLeast(chunk, (int)Math.Min(chunk.Length, asset.Length - start), throwOnEndOfStream: false);
            var span = chunk.AsSpan(0, n);
            for (int at = span.IndexOf("obj"u8); at >= 0; at = Next(span, at, "obj"u8))
            {
                if (ObjectStart(span, at, fileStart: start == 0) is { } header)
                {
                    pdf._offsets[header.Number] = start + header.Offset; // the chunks overlap: a header may be seen twice
                    if (pdf._offsets.Count > MaxObjects)
                    {
                        throw new FormatException($"more than {MaxObjects} objects");
                    }
                }
            }

            int trailer = span[..Math.Min(n, ScanChunk)].LastIndexOf("trailer"u8);
            trailerAt = trailer >= 0 ? start + trailer : trailerAt;
        }

        if (trailerAt < 0)
        {
            throw new FormatException("no trailer to rebuild from");
        }

        var window = pdf.Window(trailerAt, MaxObjectBytes);
        var parser = new PdfParser(window, "trailer".Length);
        pdf.Trailer = parser.ReadValue() as Dictionary<string, object?> ?? throw new FormatException("the trailer is not a dictionary");
        return pdf;
    }

    private static int Next(ReadOnlySpan<byte> span, int at, ReadOnlySpan<byte> value)
    {
        int next = span[(at + 1)..].IndexOf(value);
        return next < 0 ? -1 : at + 1 + next;
    }

    /// <summary>When <c>obj</c> at <paramref name="at"/> ends an object header <c>N G obj</c>: N and where it starts.</summary>
    private static (int Number, int Offset)? ObjectStart(ReadOnlySpan<byte> span, int at, bool fileStart)
    {
        if (at + 3 < span.Length && !IsDelimiter(span[at + 3]))
        {
            return null;
        }

        int i = at - 1;
        if (!SkipBack(span, ref i, digits: false) || !SkipBack(span, ref i, digits: true)
            || !SkipBack(span, ref i, digits: false))
        {
            return null;
        }

        int numberEnd = i + 1;
        while (i >= 0 && char.IsAsciiDigit((char)span[i]))
        {
            i--;
        }

        // A number running into the chunk's start may be cut short; the previous (overlapping) chunk read it whole.
        if (i + 1 == numberEnd || (i >= 0 ? !IsDelimiter(span[i]) : !fileStart)
            || !int.TryParse(span[(i + 1)..numberEnd], System.Globalization.CultureInfo.InvariantCulture, out int number))
        {
            return null;
        }

        return (number, i + 1);
    }

    /// <summary>Steps back over at least one whitespace byte, or at least one digit.</summary>
    private static bool SkipBack(ReadOnlySpan<byte> span, ref int i, bool digits)
    {
        int from = i;
        while (i >= 0 && (digits ? char.IsAsciiDigit((char)span[i]) : span[i] is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t'))
        {
            i--;
        }

        return i < from;
    }

    private static bool IsDelimiter(byte b) => b is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t' or (byte)'<' or (byte)'[' or (byte)'/' or (byte)'%';

    private static PdfFile ReadXref(Stream asset)
    {
        var pdf = new PdfFile(asset);
        long start = FindStartXref(asset);
        var visited = new HashSet<long>();
        for (long? section = start; section is { } offset; )
        {
            if (!visited.Add(offset) || visited.Count > MaxXrefSections)
            {
                throw new FormatException("the cross-reference /Prev chain loops or is too long");
            }

            var trailer = pdf.ReadXrefSection(offset);
            if (visited.Count == 1)
            {
                pdf.Trailer = trailer;
            }

            section = trailer.GetValueOrDefault("Prev") is long prev ? prev : null;
        }

        return pdf;
    }

    /// <summary>Follows references to a direct value; null for a missing or free object.</summary>
    public object? Resolve(object? value)
    {
        for (int i = 0; value is PdfRef r; i++)
        {
            if (i >= MaxReferenceChain)
            {
                throw new FormatException("a chain of PDF references is too long");
            }

            value = LoadObject(r, out _);
        }

        return value;
    }

    /// <summary>A stream object's dictionary and the file range of its (still encoded) data.</summary>
    public (Dictionary<string, object?> Dict, ByteRange Data)? ResolveStream(object? reference)
    {
        if (reference is not PdfRef r || LoadObject(r, out long? dataStart) is not Dictionary<string, object?> dict || dataStart is not { } start)
        {
            return null;
        }

        if (Resolve(dict.GetValueOrDefault("Length")) is long length && length >= 0 && length <= _asset.Length - start
            && EndsStream(start + length))
        {
            return (dict, new ByteRange(start, length));
        }

        return (dict, new ByteRange(start, FindEndStream(start, r.Number) - start));
    }

    /// <summary>An object inside object stream <paramref name="container"/> (<c>/N</c> pairs "number offset", then objects from <c>/First</c>).</summary>
    private object? LoadPacked(int number, int container)
    {
        if (!_objectStreams.TryGetValue(container, out var data))
        {
            if (_compressed.ContainsKey(container) || ResolveStream(new PdfRef(container, 0)) is not { } stream
                || stream.Data.Length > MaxObjectBytes)
            {
                throw new FormatException($"object stream {container} (holding object {number}) is missing, nested or too large");
            }

            _asset.Position = stream.Data.Start;
            var raw = new byte[stream.Data.Length];
            _asset.ReadExactly(raw);
            data = stream.Dict.GetValueOrDefault("Filter") switch
            {
                null => raw,
                PdfName { Value: "FlateDecode" } => AssetStream.Inflate(raw, 16 * MaxObjectBytes),
                _ => null,
            } ?? throw new FormatException($"object stream {container} has an unsupported filter or corrupt data");
            _objectStreams[container] = data;
        }

        var dict = (Dictionary<string, object?>)LoadObject(new PdfRef(container, 0), out _)!;
        if (dict.GetValueOrDefault("N") is not long count || dict.GetValueOrDefault("First") is not long first || first < 0 || first > data.Length)
        {
            throw new FormatException($"object stream {container} has no valid /N and /First");
        }

        var header = new PdfParser(data);
        for (long i = 0; i < count; i++)
        {
            long packed = ParseLong(header.ReadToken());
            long offset = ParseLong(header.ReadToken());
            if (packed == number)
            {
                return offset >= 0 && first + offset < data.Length
                    ? new PdfParser(data, (int)(first + offset)).ReadValue()
                    : throw new FormatException($"object {number} lies outside object stream {container}");
            }
        }

        return null;
    }

    /// <summary>True when <c>endstream</c> follows <paramref name="end"/>, after an optional end of line.</summary>
    private bool EndsStream(long end)
    {
        var after = Window(end, 16);
        return after.AsSpan().TrimStart("\r\n"u8).StartsWith("endstream"u8);
    }

    /// <summary>Where a stream's data ends when its /Length is wrong: before the end of line that precedes <c>endstream</c>.</summary>
    private long FindEndStream(long start, int number)
    {
        var chunk = new byte[ScanChunk + 16];
        for (long at = start; at < _asset.Length && at - start <= AssetStream.MaxStoreBytes; at += ScanChunk)
        {
            _asset.Position = at;
            int n = _asset.ReadAtLeast(chunk, (int)Math.Min(chunk.Length, _asset.Length - at), throwOnEndOfStream: false);
            int found = chunk.AsSpan(0, n).IndexOf("endstream"u8);
            if (found >= 0)
            {
                long end = at + found;
                var before = Window(Math.Max(start, end - 2), (int)Math.Min(2, end - start));
                int eol = before.AsSpan().EndsWith("\r\n"u8) ? 2 : before.Length > 0 && before[^1] is (byte)'\n' or (byte)'\r' ? 1 : 0;
                return end - eol;
            }
        }

        throw new FormatException($"stream object {number} has no endstream");
    }

    private object? LoadObject(PdfRef reference, out long? streamStart)
    {
        streamStart = null;
        if (!_offsets.TryGetValue(reference.Number, out long offset))
        {
            return _compressed.TryGetValue(reference.Number, out int container) ? LoadPacked(reference.Number, container) : null;
        }

        var window = Window(offset, MaxObjectBytes);
        var parser = new PdfParser(window);
        if (parser.ReadObjectHeader() != reference.Number)
        {
            throw new FormatException($"the cross-reference table points object {reference.Number} at offset {offset}, where another object is");
        }

        var value = parser.ReadValue();
        if (value is Dictionary<string, object?> && window[parser.Position..].TrimStart(" \t\r\n"u8).StartsWith("stream"u8))
        {
            streamStart = offset + parser.ReadStreamStart();
        }

        return value;
    }

    private Dictionary<string, object?> ReadXrefSection(long offset)
    {
        var window = Window(offset, MaxXrefBytes);
        var parser = new PdfParser(window);
        if (!parser.ReadToken().SequenceEqual("xref"u8))
        {
            return ReadXrefStream(offset, window);
        }

        while (true)
        {
            var token = parser.ReadToken();
            if (token.SequenceEqual("trailer"u8))
            {
                return parser.ReadValue() as Dictionary<string, object?> ?? throw new FormatException("the trailer is not a dictionary");
            }

            long first = ParseLong(token);
            long count = ParseLong(parser.ReadToken());
            if (first < 0 || count < 0 || first + count > int.MaxValue)
            {
                throw new FormatException("a cross-reference subsection header is out of range");
            }

            for (long i = 0; i < count; i++)
            {
                long entryOffset = ParseLong(parser.ReadToken());
                parser.ReadToken();
                bool inUse = parser.ReadToken().SequenceEqual("n"u8);
                if (inUse && entryOffset >= 0 && entryOffset < _asset.Length)
                {
                    _offsets.TryAdd((int)(first + i), entryOffset); // newer sections were read first
                }
            }
        }
    }

    /// <summary>A cross-reference stream object at <paramref name="offset"/>; its dictionary doubles as the trailer.</summary>
    private Dictionary<string, object?> ReadXrefStream(long offset, byte[] window)
    {
        var parser = new PdfParser(window);
        parser.ReadObjectHeader();
        if (parser.ReadValue() is not Dictionary<string, object?> dict || dict.GetValueOrDefault("Type") is not PdfName { Value: "XRef" }
            || dict.GetValueOrDefault("Length") is not long length || length < 0)
        {
            throw new FormatException("the startxref offset is neither an xref table nor a cross-reference stream with a direct /Length");
        }

        int start = parser.ReadStreamStart();
        if (length > window.Length - start)
        {
            throw new FormatException("the cross-reference stream runs past the end of the file");
        }

        foreach (var entry in PdfXrefStream.Decode(dict, window[start..(int)(start + length)], MaxXrefBytes))
        {
            if (entry.Type == 2 && !_offsets.ContainsKey(entry.Number) && entry.Field2 is >= 0 and <= int.MaxValue)
            {
                _compressed.TryAdd(entry.Number, (int)entry.Field2);
            }
            else if (entry.Type == 1 && entry.Field2 >= 0 && entry.Field2 < _asset.Length && !_compressed.ContainsKey(entry.Number))
            {
                _offsets.TryAdd(entry.Number, entry.Field2); // newer sections were read first
            }
        }

        return dict;
    }

    private static long FindStartXref(Stream asset)
    {
        int tailLength = (int)Math.Min(asset.Length, 2048);
        asset.Position = asset.Length - tailLength;
        var tail = new byte[tailLength];
        asset.ReadExactly(tail);
        int at = tail.AsSpan().LastIndexOf("startxref"u8);
        if (at < 0)
        {
            throw new FormatException("no startxref near the end of the file");
        }

        long offset = ParseLong(new PdfParser(tail, at + 9).ReadToken());
        return offset >= 0 && offset < asset.Length ? offset : throw new FormatException($"startxref {offset} is outside the file");
    }

    private byte[] Window(long offset, int cap)
    {
        _asset.Position = offset;
        var window = new byte[(int)Math.Min(cap, _asset.Length - offset)];
        _asset.ReadExactly(window);
        return window;
    }

    private static long ParseLong(ReadOnlySpan<byte> token) =>
        long.TryParse(token, System.Globalization.CultureInfo.InvariantCulture, out long v)
            ? v : throw new FormatException($"'{Encoding.ASCII.GetString(token)}' is not a PDF integer");
}
