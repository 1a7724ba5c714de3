using Verifier.Provenance.Cbor;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Claims;

/// <summary>
/// A C2PA claim (v1 <c>c2pa.claim</c> or v2 <c>c2pa.claim.v2</c>), read from its stored CBOR. The stored bytes are kept:
/// the signature is verified over them, never over a re-encoding.
/// </summary>
public sealed class Claim
{
    private Claim(ReadOnlyMemory<byte> bytes, int version)
    {
        Bytes = bytes;
        Version = version;
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>1 for <c>c2pa.claim</c>, 2 for <c>c2pa.claim.v2</c>.</summary>
    public int Version { get; }

    public string? InstanceId { get; private init; }

    public string? Title { get; private init; }

    public string? Format { get; private init; }

    /// <summary>v1 <c>claim_generator</c>, or the v2 generator info's <c>name/version</c>.</summary>
    public string? ClaimGenerator { get; private init; }

    /// <summary>JUMBF URI of the claim signature box.</summary>
    public string Signature { get; private init; } = "";

    /// <summary>The claim's default hash algorithm; null when absent (c2pa-rs then refuses the manifest).</summary>
    public string? Alg { get; private init; }

    /// <summary>Every referenced assertion: v1 <c>assertions</c>, or v2 created then gathered.</summary>
    public IReadOnlyList<HashedUri> Assertions { get; private init; } = [];

    public IReadOnlyList<HashedUri> CreatedAssertions { get; private init; } = [];

    public IReadOnlyList<HashedUri> GatheredAssertions { get; private init; } = [];

    public IReadOnlyList<string> RedactedAssertions { get; private init; } = [];

    /// <summary>Parses a claim; throws <see cref="ProvenanceReadException"/> (ClaimDecoding) when c2pa-rs could not read it either.</summary>
    public static Claim Parse(ReadOnlyMemory<byte> bytes, string boxLabel)
    {
        var node = CborNode.TryDecode(bytes) ?? throw Malformed(boxLabel, "the claim is not valid CBOR");
        if (!node.Untagged.IsMap)
        {
            throw Malformed(boxLabel, "the claim is not a CBOR map");
        }

        if (HasInvalidText(node))
        {
            throw Malformed(boxLabel, "a text string is not valid UTF-8");
        }

        bool v2 = node["created_assertions"] is not null;
        if (!v2 && node["assertions"] is null)
        {
            throw Malformed(boxLabel, "the claim lists no assertions");
        }

        var signature = node["signature"]?.Text ?? throw Malformed(boxLabel, "the claim has no signature reference");
        var created = HashedUris(node[v2 ? "created_assertions" : "assertions"], boxLabel);
        var gathered = v2 ? HashedUris(node["gathered_assertions"], boxLabel) : [];
        string? generator;
        if (v2)
        {
            var info = node["claim_generator_info"];
            if (info is null || !info.Untagged.IsMap)
            {
                throw Malformed(boxLabel, "a v2 claim needs one claim_generator_info map");
            }

            generator = GeneratorName(info);
            if (node["instanceID"]?.Text is null)
            {
                throw Malformed(boxLabel, "the claim has no instanceID");
            }
        }
        else
        {
            generator = node["claim_generator"]?.Text
                ?? throw Malformed(boxLabel, "a v1 claim needs claim_generator");
        }

        return new Claim(bytes, v2 ? 2 : 1)
        {
            InstanceId = node["instanceID"]?.Text,
            Title = node["dc:title"]?.Text,
            Format = node["dc:format"]?.Text,
            ClaimGenerator = generator,
            Signature = signature,
            Alg = node["alg"]?.Text,
            CreatedAssertions = created,
            GatheredAssertions = gathered,
            Assertions = [.. created, .. gathered],
            RedactedAssertions = node["redacted_assertions"]?.Untagged.Items.Select(i => i.Text).OfType<string>().ToList() ?? [],
        };
    }

    private static string? GeneratorName(CborNode info)
    {
        var name = info["name"]?.Text;
        var version = info["version"]?.Text;
        return name is null ? null : version is null ? name : $"{name}/{version}";
    }

    private static List<HashedUri> HashedUris(CborNode? list, string boxLabel)
    {
        if (list is null)
        {
            return [];
        }

        if (!list.Untagged.IsArray)
        {
            throw Malformed(boxLabel, "the claim's assertion list is not an array");
        }

        return list.Untagged.Items.Select(i => HashedUri.From(i) ?? throw Malformed(boxLabel, "an assertion reference is not a hashed URI"))
            .ToList();
    }

    /// <summary>
    /// The lax CBOR tree replaces bytes that are not UTF-8; c2pa-rs's decoder refuses such a claim (ClaimDecoding), so
    /// each definite-length text string's stored bytes are checked.
    /// </summary>
    private static bool HasInvalidText(CborNode node) => node.Kind switch
    {
        CborNodeKind.Text => !IsUtf8(node.Encoded.Span),
        CborNodeKind.Map => node.MapEntries.Any(e => HasInvalidText(e.Key) || HasInvalidText(e.Value)),
        CborNodeKind.Array => node.Items.Any(HasInvalidText),
        CborNodeKind.Tagged => HasInvalidText(node.Untagged),
        _ => false,
    };

    private static bool IsUtf8(ReadOnlySpan<byte> textItem)
    {
        int argument = textItem[0] & 0x1F;
        if (argument == 31)
        {
            return true; // indefinite-length chunks: not produced by C2PA signers, left to the lax reading
        }

        int header = argument < 24 ? 1 : 1 + (1 << (argument - 24));
        return System.Text.Unicode.Utf8.IsValid(textItem[header..]);
    }

    private static ProvenanceReadException Malformed(string boxLabel, string why) =>
        new(ReadError.ClaimDecoding, $"claim '{boxLabel}' could not be decoded: {why}");
}
