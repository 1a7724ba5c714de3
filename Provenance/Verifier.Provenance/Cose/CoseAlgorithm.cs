namespace Verifier.Provenance.Cose;

/// <summary>The COSE signature algorithms C2PA allows (RS256 and friends are not among them).</summary>
public enum CoseAlgorithm
{
    Es256,
    Es384,
    Es512,
    Ps256,
    Ps384,
    Ps512,
    Ed25519,
}

public static class CoseAlgorithms
{
    /// <summary>The algorithm for a COSE <c>alg</c> header value (RFC 9053), or null when C2PA does not allow it.</summary>
    public static CoseAlgorithm? FromId(long id) => id switch
    {
        -7 => CoseAlgorithm.Es256,
        -35 => CoseAlgorithm.Es384,
        -36 => CoseAlgorithm.Es512,
        -37 => CoseAlgorithm.Ps256,
        -38 => CoseAlgorithm.Ps384,
        -39 => CoseAlgorithm.Ps512,
        -8 => CoseAlgorithm.Ed25519,
        _ => null,
    };

    /// <summary>The name c2pa-rs reports (<c>signature_info.alg</c>): <c>Es256</c>, <c>Ps256</c>, <c>Ed25519</c>...</summary>
    public static string ReportName(this CoseAlgorithm alg) => alg.ToString();

    public static bool IsEcdsa(this CoseAlgorithm alg) => alg is CoseAlgorithm.Es256 or CoseAlgorithm.Es384 or CoseAlgorithm.Es512;

    public static bool IsPss(this CoseAlgorithm alg) => alg is CoseAlgorithm.Ps256 or CoseAlgorithm.Ps384 or CoseAlgorithm.Ps512;

    internal static System.Security.Cryptography.HashAlgorithmName Hash(this CoseAlgorithm alg) => alg switch
    {
        CoseAlgorithm.Es256 or CoseAlgorithm.Ps256 => System.Security.Cryptography.HashAlgorithmName.SHA256,
        CoseAlgorithm.Es384 or CoseAlgorithm.Ps384 => System.Security.Cryptography.HashAlgorithmName.SHA384,
        _ => System.Security.Cryptography.HashAlgorithmName.SHA512,
    };
}
