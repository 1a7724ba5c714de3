using System.Formats.Cbor;
using System.Security.Cryptography;

namespace Verifier.Provenance.Signing;

/// <summary>A C2PA hashed URI being written: a JUMBF URI and the SHA-256 of the target superbox's payload.</summary>
internal sealed record HashedUriRef(string Url, byte[] Hash)
{
    public static HashedUriRef Of(string url, ReadOnlySpan<byte> superboxPayload) => new(url, SHA256.HashData(superboxPayload));

    /// <summary>Writes <c>{url, alg?, hash}</c>; <paramref name="withAlg"/> for references outside the claim (ingredients, actions).</summary>
    public void Write(CborWriter w, bool withAlg)
    {
        w.WriteStartMap(withAlg ? 3 : 2);
        w.WriteTextString("url");
        w.WriteTextString(Url);
        if (withAlg)
        {
            w.WriteTextString("alg");
            w.WriteTextString("sha256");
        }

        w.WriteTextString("hash");
        w.WriteByteString(Hash);
        w.WriteEndMap();
    }
}
