using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Signing;

namespace Verifier.Provenance.Keys;

/// <summary>A claim signer whose private key is in memory (from PEM, PKCS#8 or PKCS#12); made by <see cref="KeyLoader"/>.</summary>
public sealed class LocalClaimSigner : IClaimSigner
{
    private readonly AsymmetricKeyParameter _key;

    internal LocalClaimSigner(CoseAlgorithm algorithm, AsymmetricKeyParameter key, IReadOnlyList<X509Certificate> chain,
        Uri? timeStampAuthority)
    {
        Algorithm = algorithm;
        _key = key;
        CertificateChain = chain.Select(c => c.GetEncoded()).ToList();
        TimeStampAuthority = timeStampAuthority;
    }

    public CoseAlgorithm Algorithm { get; }

    public IReadOnlyList<byte[]> CertificateChain { get; }

    public Uri? TimeStampAuthority { get; }

    public byte[] Sign(ReadOnlySpan<byte> toBeSigned) => Signatures.Sign(Algorithm, _key, toBeSigned);
}
