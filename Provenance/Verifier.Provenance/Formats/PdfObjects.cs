using System.Text;

namespace Verifier.Provenance.Formats;

/// <summary>A PDF name such as <c>/Type</c> (without the slash, <c>#xx</c> escapes decoded).</summary>
internal readonly record struct PdfName(string Value);

/// <summary>An indirect reference <c>N G R</c>.</summary>
internal readonly record struct PdfRef(int Number, int Generation);

/// <summary>
/// Parses PDF objects from bytes: numbers, names, strings, arrays, dictionaries, references and keywords, as
/// <see cref="long"/>/<see cref="double"/>, <see cref="PdfName"/>, <see cref="byte"/>[], <see cref="List{T}"/>,
/// <see cref="Dictionary{TKey, TValue}"/> (keyed by name), <see cref="PdfRef"/>, <see cref="bool"/> and null.
/// Nesting is capped; malformed syntax throws <see cref="FormatException"/>.
/// </summary>
internal ref struct PdfParser(ReadOnlySpan<byte> data, int position = 0)
{
    private const int MaxDepth = 64;
    private readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; private set; } = position;

    /// <summary>Reads <c>N G obj</c> and returns N.</summary>
    public int ReadObjectHeader()
    {
        int number = (int)ReadInteger();
        ReadInteger();
        Expect("obj"u8);
        return number;
    }

    public object? ReadValue(int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException("PDF objects nested too deeply");
        }

        SkipWhitespace();
        var rest = Rest;
        if (rest.StartsWith("<<"u8))
        {
            Position += 2;
            var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (true)
            {
                SkipWhitespace();
                if (Rest.StartsWith(">>"u8))
                {
                    Position += 2;
                    return dict;
                }

                if (ReadValue(depth + 1) is not PdfName key)
                {
                    throw new FormatException("a PDF dictionary key is not a name");
                }

                dict[key.Value] = ReadValue(depth + 1);
            }
        }

        switch (Peek())
        {
            case (byte)'[':
                Position++;
                var list = new List<object?>();
                while (true)
                {
                    SkipWhitespace();
                    if (Peek() == (byte)']')
                    {
                        Position++;
                        return list;
                    }

                    list.Add(ReadValue(depth + 1));
                }

            case (byte)'/':
                Position++;
                return new PdfName(ReadName());
            case (byte)'(':
                return ReadLiteralString();
            case (byte)'<':
                return ReadHexString();
        }

        if (IsNumberStart(Peek()))
        {
            return ReadNumberOrReference();
        }

        var word = Encoding.ASCII.GetString(ReadRegular());
        return word switch
        {
            "true" => true,
            "false" => false,
            "null" => null,
            _ => throw new FormatException($"unexpected PDF token '{word}'"),
        };
    }

    /// <summary>The next whitespace-delimited token (xref table entries are not PDF objects).</summary>
    public ReadOnlySpan<byte> ReadToken()
    {
        SkipWhitespace();
        return ReadRegular();
    }

    /// <summary>After a stream's dictionary: skips <c>stream</c> and its end of line; returns where the data starts.</summary>
    public int ReadStreamStart()
    {
        SkipWhitespace();
        Expect("stream"u8);
        if (Rest.StartsWith("\r\n"u8))
        {
            Position += 2;
        }
        else if (Peek() == (byte)'\n')
        {
            Position++;
        }

        return Position;
    }

    private readonly ReadOnlySpan<byte> Rest => _data[Position..];

    private readonly byte Peek() => Position < _data.Length ? _data[Position] : throw new FormatException("the PDF object is cut short");

    private object ReadNumberOrReference()
    {
        var number = ReadRegular();
        if (number.IndexOf((byte)'.') >= 0)
        {
            return double.TryParse(number, System.Globalization.CultureInfo.InvariantCulture, out double real)
                ? real : throw new FormatException("a malformed PDF number");
        }

        long value = ParseInteger(number);
        int afterFirst = Position;
        SkipWhitespace();
        if (value >= 0 && Position < _data.Length && char.IsAsciiDigit((char)_data[Position]))
        {
            var generation = ReadRegular();
            SkipWhitespace();
            if (Position < _data.Length && _data[Position] == (byte)'R' && (Position + 1 == _data.Length || !IsRegular(_data[Position + 1])))
            {
                Position++;
                return new PdfRef((int)Math.Min(value, int.MaxValue), (int)Math.Min(ParseInteger(generation), int.MaxValue));
            }
        }

        Position = afterFirst;
        return value;
    }

    private long ReadInteger()
    {
        SkipWhitespace();
        return ParseInteger(ReadRegular());
    }

    private static long ParseInteger(ReadOnlySpan<byte> text) =>
        long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long v)
            ? v : throw new FormatException("a malformed PDF integer");

    private void Expect(ReadOnlySpan<byte> keyword)
    {
        SkipWhitespace();
        if (!Rest.StartsWith(keyword))
        {
            throw new FormatException($"expected '{Encoding.ASCII.GetString(keyword)}' in the PDF");
        }

        Position += keyword.Length;
    }

    private string ReadName()
    {
        var raw = ReadRegular();
        var name = new StringBuilder(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] == (byte)'#' && i + 2 < raw.Length
                && byte.TryParse(raw.Slice(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out byte b))
            {
                name.Append((char)b);
                i += 2;
            }
            else
            {
                name.Append((char)raw[i]);
            }
        }

        return name.ToString();
    }

    private byte[] ReadLiteralString()
    {
        var text = new List<byte>();
        int nesting = 0;
        Position++;
        while (true)
        {
            byte b = Peek();
            Position++;
            if (b == (byte)'\\')
            {
                text.Add(Peek());
                Position++;
            }
            else if (b == (byte)'(')
            {
                nesting++;
                text.Add(b);
            }
            else if (b == (byte)')' && nesting-- == 0)
            {
                return [.. text];
            }
            else
            {
                text.Add(b);
            }
        }
    }

    private byte[] ReadHexString()
    {
        int end = Rest.IndexOf((byte)'>');
        if (end < 0)
        {
            throw new FormatException("an unterminated PDF hex string");
        }

        var hex = Encoding.ASCII.GetString(_data.Slice(Position + 1, end - 1)).Where(char.IsAsciiHexDigit).ToArray();
        Position += end + 1;
        var padded = hex.Length % 2 == 0 ? new string(hex) : new string(hex) + "0";
        return Convert.FromHexString(padded);
    }

    private ReadOnlySpan<byte> ReadRegular()
    {
        int start = Position;
        while (Position < _data.Length && IsRegular(_data[Position]))
        {
            Position++;
        }

        return start == Position ? throw new FormatException("an empty PDF token") : _data[start..Position];
    }

    private void SkipWhitespace()
    {
        while (Position < _data.Length)
        {
            byte b = _data[Position];
            if (b == (byte)'%')
            {
                while (Position < _data.Length && _data[Position] is not ((byte)'\r' or (byte)'\n'))
                {
                    Position++;
                }
            }
            else if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f' or 0)
            {
                Position++;
            }
            else
            {
                return;
            }
        }
    }

    private static bool IsNumberStart(byte b) => char.IsAsciiDigit((char)b) || b is (byte)'-' or (byte)'+' or (byte)'.';

    private static bool IsRegular(byte b) =>
        b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f' or 0 or (byte)'(' or (byte)')' or (byte)'<'
            or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%');
}
