using System.Buffers;
using System.Text;
using System.Text.Json;
using Verifier.Provenance.Validation;

namespace Verifier.Cli.Output;

/// <summary><c>scan --json</c>'s line for a file that could not be scanned: <c>{"file": ..., "error": ...}</c>.</summary>
public static class ScanErrorJson
{
    public static string Line(string file, string error)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonReport.Options))
        {
            json.WriteStartObject();
            json.WriteString("file", file);
            json.WriteString("error", error);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
