using Verifier.Provenance.Claims;
using System.Globalization;
using System.Text.Json;

namespace Verifier.Provenance.Identity;

/// <summary>The parts of an identity claims aggregation VC (W3C VC 2.0) that validation reads.</summary>
internal sealed record IcaCredential(string Issuer, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil, SignerPayload Asset)
{
    /// <summary>The credential, or null when the JSON does not have the shape c2pa-rs's struct requires.</summary>
    public static IcaCredential? Read(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("issuer", out var issuer)
                || issuer.ValueKind != JsonValueKind.String || !root.TryGetProperty("credentialSubject", out var subjects))
            {
                return null;
            }

            var subject = subjects.ValueKind == JsonValueKind.Array && subjects.GetArrayLength() > 0 ? subjects[0] : subjects;
            if (subject.ValueKind != JsonValueKind.Object || !subject.TryGetProperty("c2paAsset", out var asset)
                || ReadAsset(asset) is not { } payload
                || !TryDate(root, "validFrom", out var from) || !TryDate(root, "validUntil", out var until))
            {
                return null;
            }

            return new IcaCredential(issuer.GetString()!, from, until, payload);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static SignerPayload? ReadAsset(JsonElement asset)
    {
        if (asset.ValueKind != JsonValueKind.Object || !asset.TryGetProperty("referenced_assertions", out var refs)
            || refs.ValueKind != JsonValueKind.Array || !asset.TryGetProperty("sig_type", out var sigType)
            || sigType.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var references = new List<HashedUri>();
        foreach (var r in refs.EnumerateArray())
        {
            if (r.ValueKind != JsonValueKind.Object || !r.TryGetProperty("url", out var u) || u.ValueKind != JsonValueKind.String
                || !r.TryGetProperty("hash", out var h) || HashText(h) is not { } hashText)
            {
                return null;
            }

            string? alg = r.TryGetProperty("alg", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            references.Add(new HashedUri(u.GetString()!, alg, DecodeHash(hashText)));
        }

        var roles = asset.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.Array
            ? role.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
        return new SignerPayload(references, sigType.GetString()!, roles);
    }

    /// <summary>
    /// The base64 text of a hash: a JSON string, or (as c2pa-rs's serde writes it) an array of the text's byte values.
    /// </summary>
    private static string? HashText(JsonElement hash)
    {
        if (hash.ValueKind == JsonValueKind.String)
        {
            return hash.GetString();
        }

        if (hash.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var bytes = new List<byte>(hash.GetArrayLength());
        foreach (var b in hash.EnumerateArray())
        {
            if (b.ValueKind != JsonValueKind.Number || !b.TryGetByte(out var value))
            {
                return null;
            }

            bytes.Add(value);
        }

        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>The VC carries hashes as base64 text; c2pa-rs compares "invalid base64" bytes when it is not.</summary>
    private static byte[] DecodeHash(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return "invalid base64"u8.ToArray();
        }
    }

    private static bool TryDate(JsonElement root, string name, out DateTimeOffset? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }
}
