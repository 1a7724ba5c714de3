namespace Verifier.Provenance.Cose;

/// <summary>Who signed a claim, as read from the COSE signature's certificate chain and time stamp.</summary>
public sealed record SignerInfo
{
    /// <summary>Subject CN of the signing certificate.</summary>
    public string? CommonName { get; init; }

    /// <summary>Subject O of the signing certificate.</summary>
    public string? Organization { get; init; }

    /// <summary>What c2pa-rs reports as <c>issuer</c>: the signing certificate's own subject O (null when it has none).</summary>
    public string? Issuer { get; init; }

    /// <summary>COSE algorithm as c2pa-rs names it in reports: <c>Es256</c>, <c>Ps256</c>, <c>Ed25519</c>...</summary>
    public string? Alg { get; init; }

    /// <summary>The trusted time-stamp time (genTime) when there is one.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>Serial number of the signing certificate, decimal.</summary>
    public string? CertSerial { get; init; }

    /// <summary>The signing certificate chain as DER, leaf first, as carried in x5chain.</summary>
    public IReadOnlyList<byte[]> Chain { get; init; } = [];
}
