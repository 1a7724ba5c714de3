using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Verifier.Provenance.Validation;

/// <summary>
/// <c>verify --json</c>: one object per file on one line (JSON Lines), in the shape docs/architecture.md fixes; the
/// service's <c>POST /v1/verify</c> answers the same object.
/// </summary>
public static class JsonReport
{
    // Relaxed escaping keeps non-ASCII titles readable; quotes and control characters are still escaped.
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Line(ValidationResult result)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            Write(json, result);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The time format c2pa-rs reports (RFC 3339 with an offset).</summary>
    public static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static void Write(Utf8JsonWriter json, ValidationResult result)
    {
        json.WriteStartObject();
        json.WriteString("file", result.File);
        json.WriteString("validation_state", result.State.ToString());
        if (result.State == ValidationState.Unreadable)
        {
            json.WriteString("error", result.Error ?? "unknown reason");
        }

        json.WriteStartObject("status");
        WriteStrings(json, "success", result.Codes(StatusKind.Success));
        WriteStrings(json, "informational", result.Codes(StatusKind.Informational));
        WriteStrings(json, "failure", result.Codes(StatusKind.Failure));
        json.WriteEndObject();

        json.WriteStartArray("ingredient_deltas");
        foreach (var delta in result.IngredientDeltas)
        {
            json.WriteStartObject();
            json.WriteString("ingredient", delta.Ingredient);
            WriteStrings(json, "failure", delta.Failure.Distinct());
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("active_manifest", result.ActiveManifest);
        json.WriteStartArray("manifests");
        foreach (var manifest in result.Manifests)
        {
            WriteManifest(json, manifest);
        }

        json.WriteEndArray();
        WriteStrings(json, "digital_source_types", result.DigitalSourceTypes.Distinct());
        json.WriteEndObject();
    }

    private static void WriteManifest(Utf8JsonWriter json, ManifestSummary manifest)
    {
        json.WriteStartObject();
        json.WriteString("label", manifest.Label);
        json.WriteString("claim_generator", manifest.ClaimGenerator);
        json.WriteString("title", manifest.Title);
        if (manifest.Signer is { } signer)
        {
            json.WriteStartObject("signer");
            json.WriteString("common_name", signer.CommonName);
            json.WriteString("organization", signer.Organization);
            json.WriteString("issuer", signer.Issuer);
            json.WriteString("alg", signer.Alg);
            json.WriteString("time", signer.Time is { } time ? Time(time) : null);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("signer");
        }

        WriteStrings(json, "assertions", manifest.Assertions);
        json.WriteStartArray("ingredients");
        foreach (var ingredient in manifest.Ingredients)
        {
            json.WriteStartObject();
            json.WriteString("title", ingredient.Title);
            json.WriteString("relationship", ingredient.Relationship);
            json.WriteString("manifest", ingredient.Manifest);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
