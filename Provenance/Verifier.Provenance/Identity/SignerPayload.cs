using Verifier.Provenance.Claims;
using System.Formats.Cbor;
using Verifier.Provenance.Cbor;

namespace Verifier.Provenance.Identity;

/// <summary>
/// The CAWG <c>signer_payload</c>: <c>{referenced_assertions: [hashed-uri], sig_type, role?}</c>. Unknown fields are
/// dropped, as c2pa-rs's serde struct drops them; the X.509 signature covers <see cref="Encode"/>'s re-serialisation.
/// </summary>
public sealed record SignerPayload(IReadOnlyList<HashedUri> ReferencedAssertions, string SigType,
    IReadOnlyList<string> Roles)
{
    /// <summary>The payload, or null when a required field is missing or of the wrong type.</summary>
    public static SignerPayload? Read(CborNode? node)
    {
        if (node?.Untagged is not { IsMap: true } map || map["referenced_assertions"] is not { IsArray: true } refs
            || map["sig_type"]?.Text is not { } sigType)
        {
            return null;
        }

        var references = new List<HashedUri>(refs.Items.Count);
        foreach (var item in refs.Items)
        {
            if (item["url"]?.Text is not { } url || item["hash"]?.Bytes is not { } hash)
            {
                return null;
            }

            var alg = item["alg"];
            if (alg is not null && alg.Text is null && alg.Kind != CborNodeKind.Null)
            {
                return null;
            }

            references.Add(new HashedUri(url, alg?.Text, hash));
        }

        var roles = new List<string>();
        if (map["role"] is { } role)
        {
            if (!role.IsArray || role.Items.Any(r => r.Text is null))
            {
                return null;
            }

            roles.AddRange(role.Items.Select(r => r.Text!));
        }

        return new SignerPayload(references, sigType, roles);
    }

    /// <summary>CBOR exactly as c2pa-rs serialises its struct (field order, <c>alg</c> and <c>role</c> left out when empty).</summary>
    public byte[] Encode()
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(Roles.Count > 0 ? 3 : 2);
        writer.WriteTextString("referenced_assertions");
        writer.WriteStartArray(ReferencedAssertions.Count);
        foreach (var r in ReferencedAssertions)
        {
            writer.WriteStartMap(r.Alg is null ? 2 : 3);
            writer.WriteTextString("url");
            writer.WriteTextString(r.Url);
            if (r.Alg is not null)
            {
                writer.WriteTextString("alg");
                writer.WriteTextString(r.Alg);
            }

            writer.WriteTextString("hash");
            writer.WriteByteString(r.Hash.Span);
            writer.WriteEndMap();
        }

        writer.WriteEndArray();
        writer.WriteTextString("sig_type");
        writer.WriteTextString(SigType);
        if (Roles.Count > 0)
        {
            writer.WriteTextString("role");
            writer.WriteStartArray(Roles.Count);
            foreach (var role in Roles)
            {
                writer.WriteTextString(role);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>Same references (URL, alg, hash bytes), sig_type and roles.</summary>
    public bool SameAs(SignerPayload other) =>
        SigType == other.SigType && Roles.SequenceEqual(other.Roles)
        && ReferencedAssertions.Count == other.ReferencedAssertions.Count
        && ReferencedAssertions.Zip(other.ReferencedAssertions).All(p => p.First.Url == p.Second.Url
            && p.First.Alg == p.Second.Alg && p.First.Hash.Span.SequenceEqual(p.Second.Hash.Span));
}
