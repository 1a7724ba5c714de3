namespace Verifier.Provenance.Formats;

/// <summary>The XML events the SVG handler needs, with byte offsets into the document.</summary>
internal enum XmlEventKind
{
    Start,
    End,
    Text,
    ProcessingInstruction,
}

/// <summary>
/// One event. For <see cref="XmlEventKind.Start"/>/<see cref="XmlEventKind.End"/> <see cref="Name"/> is the qualified
/// name and <see cref="End"/> the offset just past <c>&gt;</c>; for text and processing instructions
/// <see cref="ContentStart"/>..<see cref="ContentEnd"/> is the content (without <c>&lt;?</c> and <c>?&gt;</c>).
/// </summary>
internal readonly record struct XmlEvent(XmlEventKind Kind, string Name, int ContentStart, int ContentEnd, int End);

/// <summary>
/// A minimal, non-validating XML tokenizer that fails where quick-xml (c2pa-rs's XML reader, default settings) fails:
/// unclosed markup, and end tags that do not match the open element. Empty-element tags, comments, CDATA and DOCTYPE
/// produce no events, as they produce none that c2pa-rs's SVG reader looks at. Linear in the document length.
/// </summary>
internal static class XmlScanner
{
    public const string Invalid = "XML invalid";

    /// <summary>The events of <paramref name="xml"/> in order; throws <see cref="FormatException"/> at malformed markup.</summary>
    public static IEnumerable<XmlEvent> Scan(byte[] xml)
    {
        var open = new Stack<string>();
        int i = 0;
        while (i < xml.Length)
        {
            if (xml[i] != (byte)'<')
            {
                int lt = IndexOf(xml, "<"u8, i);
                int end = lt < 0 ? xml.Length : lt;
                yield return new XmlEvent(XmlEventKind.Text, "", i, end, end);
                i = end;
                continue;
            }

            var rest = xml.AsSpan(i);
            if (rest.StartsWith("<?"u8))
            {
                int close = Require(IndexOf(xml, "?>"u8, i + 2));
                yield return new XmlEvent(XmlEventKind.ProcessingInstruction, "", i + 2, close, close + 2);
                i = close + 2;
            }
            else if (rest.StartsWith("<!--"u8))
            {
                i = Require(IndexOf(xml, "-->"u8, i + 4)) + 3;
            }
            else if (rest.StartsWith("<![CDATA["u8))
            {
                i = Require(IndexOf(xml, "]]>"u8, i + 9)) + 3;
            }
            else if (rest.StartsWith("<!"u8))
            {
                i = SkipDeclaration(xml, i);
            }
            else if (rest.StartsWith("</"u8))
            {
                int close = Require(IndexOf(xml, ">"u8, i + 2));
                var name = System.Text.Encoding.UTF8.GetString(xml, i + 2, close - i - 2).TrimEnd();
                if (!open.TryPop(out var expected) || expected != name)
                {
                    throw new FormatException(Invalid);
                }

                yield return new XmlEvent(XmlEventKind.End, name, i, close, close + 1);
                i = close + 1;
            }
            else
            {
                int close = TagEnd(xml, i + 1);
                int nameEnd = i + 1;
                while (nameEnd < close && xml[nameEnd] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'/'))
                {
                    nameEnd++;
                }

                var name = System.Text.Encoding.UTF8.GetString(xml, i + 1, nameEnd - i - 1);
                i = close + 1;
                if (xml[close - 1] == (byte)'/')
                {
                    continue; // an empty element: c2pa-rs's SVG reader does not enter it
                }

                open.Push(name);
                yield return new XmlEvent(XmlEventKind.Start, name, i, i, i);
            }
        }
    }

    /// <summary>The <c>&gt;</c> closing a start tag, skipping quoted attribute values.</summary>
    private static int TagEnd(byte[] xml, int i)
    {
        byte quote = 0;
        for (; i < xml.Length; i++)
        {
            byte b = xml[i];
            if (quote != 0)
            {
                quote = b == quote ? (byte)0 : quote;
            }
            else if (b is (byte)'"' or (byte)'\'')
            {
                quote = b;
            }
            else if (b == (byte)'>')
            {
                return i;
            }
        }

        throw new FormatException(Invalid);
    }

    /// <summary>A <c>&lt;!DOCTYPE ...&gt;</c>, whose internal subset in brackets may hold <c>&gt;</c>.</summary>
    private static int SkipDeclaration(byte[] xml, int i)
    {
        int depth = 0;
        for (i += 2; i < xml.Length; i++)
        {
            switch (xml[i])
            {
                case (byte)'[':
                    depth++;
                    break;
                case (byte)']':
                    depth--;
                    break;
                case (byte)'>' when depth <= 0:
                    return i + 1;
            }
        }

        throw new FormatException(Invalid);
    }

    private static int IndexOf(byte[] xml, ReadOnlySpan<byte> value, int from)
    {
        int at = xml.AsSpan(from).IndexOf(value);
        return at < 0 ? -1 : from + at;
    }

    private static int Require(int index) => index >= 0 ? index : throw new FormatException(Invalid);
}
