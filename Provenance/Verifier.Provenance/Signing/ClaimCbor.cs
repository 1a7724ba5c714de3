namespace Verifier.Provenance.Signing;

/// <summary>A v2 claim (<c>c2pa.claim.v2</c>) in c2pa-rs's key order.</summary>
internal static class ClaimCbor
{
    public const string Label = "c2pa.claim.v2";

    public static byte[] V2(string manifestLabel, string instanceId, GeneratorInfo generator, IReadOnlyList<HashedUriRef> createdAssertions, string? title)
    {
        var w = AssertionCbor.NewWriter();
        w.WriteStartMap(title is null ? 5 : 6);
        w.WriteTextString("instanceID");
        w.WriteTextString(instanceId);
        w.WriteTextString("claim_generator_info");
        generator.Write(w);
        w.WriteTextString("signature");
        w.WriteTextString($"self#jumbf=/c2pa/{manifestLabel}/c2pa.signature");
        w.WriteTextString("created_assertions");
        w.WriteStartArray(createdAssertions.Count);
        foreach (var uri in createdAssertions)
        {
            uri.Write(w, withAlg: false);
        }

        w.WriteEndArray();
        if (title is not null)
        {
            w.WriteTextString("dc:title");
            w.WriteTextString(title);
        }

        w.WriteTextString("alg");
        w.WriteTextString("sha256");
        w.WriteEndMap();
        return w.Encode();
    }
}
