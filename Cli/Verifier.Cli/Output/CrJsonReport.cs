using System.Buffers;
using System.Text;
using System.Text.Json;
using Verifier.Provenance.Validation;

namespace Verifier.Cli.Output;

/// <summary>
/// <c>verify --crjson</c>: the crJSON shape c2pa-rs emits (active manifest first, its <c>validationResults</c> with
/// code/url/explanation, <c>ingredientDeltas</c>), so that conformance rubrics written against c2pa-rs apply.
/// Adds <c>file</c> and <c>validationState</c> at the top; one object per file per line.
/// </summary>
public static class CrJsonReport
{
    public static string Line(ValidationResult result, string generatorVersion)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonReport.Options))
        {
            json.WriteStartObject();
            json.WriteStartObject("@context");
            json.WriteString("@vocab", "https://c2pa.org/crjson");
            json.WriteString("extras", "https://c2pa.org/crjson/extras");
            json.WriteEndObject();
            json.WriteString("file", result.File);
            json.WriteString("validationState", result.State.ToString());
            if (result.State == ValidationState.Unreadable)
            {
                json.WriteString("error", result.Error ?? "unknown reason");
            }

            json.WriteStartArray("manifests");
            foreach (var manifest in result.Manifests.Reverse())
            {
                WriteManifest(json, manifest, manifest.Label == result.ActiveManifest ? result : null);
            }

            json.WriteEndArray();
            json.WriteStartObject("jsonGenerator");
            json.WriteString("name", "verifier");
            json.WriteString("version", generatorVersion);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteManifest(Utf8JsonWriter json, ManifestSummary manifest, ValidationResult? active)
    {
        json.WriteStartObject();
        json.WriteString("label", manifest.Label);
        json.WriteStartObject("claim");
        json.WriteString("dc:title", manifest.Title);
        json.WriteString("claim_generator", manifest.ClaimGenerator);
        json.WriteNumber("version", manifest.ClaimVersion);
        json.WriteEndObject();
        json.WriteStartArray("extras:assertions");
        foreach (var label in manifest.Assertions)
        {
            json.WriteStringValue(label);
        }

        json.WriteEndArray();
        if (manifest.Signer is { } signer)
        {
            json.WriteStartObject("signature");
            json.WriteString("algorithm", signer.Alg?.ToLowerInvariant());
            json.WriteStartObject("certificateInfo");
            json.WriteStartObject("subject");
            json.WriteString("CN", signer.CommonName);
            json.WriteString("O", signer.Organization);
            json.WriteEndObject();
            json.WriteStartObject("issuer");
            json.WriteString("O", signer.Issuer);
            json.WriteEndObject();
            json.WriteEndObject();
            if (signer.Time is { } time)
            {
                json.WriteStartObject("timeStampInfo");
                json.WriteString("timestamp", JsonReport.Time(time));
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        if (active is not null)
        {
            json.WriteStartObject("validationResults");
            WriteStatuses(json, active.Statuses);
            json.WriteEndObject();
            WriteIngredientDeltas(json, active.IngredientDeltas);
        }

        json.WriteEndObject();
    }

    private static void WriteStatuses(Utf8JsonWriter json, IReadOnlyList<ValidationStatus> statuses)
    {
        foreach (var (name, kind) in new[] { ("success", StatusKind.Success), ("informational", StatusKind.Informational), ("failure", StatusKind.Failure) })
        {
            json.WriteStartArray(name);
            foreach (var status in statuses.Where(s => s.Kind == kind))
            {
                json.WriteStartObject();
                json.WriteString("code", status.Code);
                json.WriteString("url", status.Url);
                json.WriteString("explanation", status.Explanation);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }
    }

    private static void WriteIngredientDeltas(Utf8JsonWriter json, IReadOnlyList<IngredientDelta> deltas)
    {
        json.WriteStartArray("ingredientDeltas");
        foreach (var delta in deltas)
        {
            json.WriteStartObject();
            json.WriteString("ingredientAssertionURI", delta.Ingredient);
            json.WriteStartObject("validationDeltas");
            WriteStatuses(json, delta.Failure.Select(code => new ValidationStatus(code, delta.Ingredient, null)).ToList());
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
