using System.Security.Cryptography;

namespace Verifier.Provenance.Claims;

/// <summary>The hash algorithms C2PA names in claims and hashed URIs.</summary>
public static class HashAlgorithms
{
    public static bool IsSupported(string? alg) => Find(alg) is not null;

    /// <summary>The .NET algorithm for a C2PA hash name (<c>sha256</c>, <c>sha384</c>, <c>sha512</c>), or null when unsupported.</summary>
    public static HashAlgorithmName? Find(string? alg) => alg switch
    {
        "sha256" => HashAlgorithmName.SHA256,
        "sha384" => HashAlgorithmName.SHA384,
        "sha512" => HashAlgorithmName.SHA512,
        _ => null,
    };

    public static byte[] Hash(string alg, ReadOnlySpan<byte> data) => alg switch
    {
        "sha384" => SHA384.HashData(data),
        "sha512" => SHA512.HashData(data),
        _ => SHA256.HashData(data),
    };

    public static bool Matches(string alg, ReadOnlySpan<byte> data, ReadOnlySpan<byte> expected) =>
        CryptographicOperations.FixedTimeEquals(Hash(alg, data), expected);
}
