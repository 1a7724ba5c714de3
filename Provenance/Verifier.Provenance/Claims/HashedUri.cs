using Verifier.Provenance.Cbor;

namespace Verifier.Provenance.Claims;

/// <summary>A C2PA hashed URI: <c>{url, alg?, hash}</c>.</summary>
public sealed record HashedUri(string Url, string? Alg, ReadOnlyMemory<byte> Hash)
{
    /// <summary>Reads a hashed URI map; null when the node is not one (missing url or hash).</summary>
    public static HashedUri? From(CborNode? node)
    {
        if (node is null || !node.Untagged.IsMap)
        {
            return null;
        }

        var url = node["url"]?.Text;
        var hash = node["hash"]?.Bytes;
        return url is null || hash is null ? null : new HashedUri(url, node["alg"]?.Text, hash.Value);
    }

    /// <summary>The assertion label this URI points at (the last path segment).</summary>
    public string Label => JumbfUri.LastSegment(Url);
}
