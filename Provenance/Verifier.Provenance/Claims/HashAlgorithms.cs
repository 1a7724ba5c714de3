using System.Security.Cryptography;

namespace Verifier.Provenance.Claims;

/// <summary>The hash algorithms C2PA names in claims and hashed URIs.</summary>
public static class HashAlgorithms
{
    public static bool IsSupported(string? alg) => alg is "sha256" or "sha384" or "sha512";

    public static HashAlgorithmName Name(string alg) => alg switch
    {
        "sha384" => HashAlgorithmName.SHA384,
        "sha512" => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
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
