using Verifier.Provenance.Cose;

namespace Verifier.Provenance.Signing;

/// <summary>
/// What signs a claim: an algorithm, the certificate chain that goes into the COSE <c>x5chain</c>, and a signing
/// operation over the COSE <c>Sig_structure</c> bytes. Implementations hold a key in memory (PEM, PKCS#8, PKCS#12), or
/// hand the bytes to another program (<c>--signer-cmd</c>: an HSM or a cloud KMS) so that the key never enters Verifier.
/// </summary>
public interface IClaimSigner
{
    CoseAlgorithm Algorithm { get; }

    /// <summary>DER certificates, signer first, then intermediates (the root is left out, as c2pa-rs does).</summary>
    IReadOnlyList<byte[]> CertificateChain { get; }

    /// <summary>An RFC 3161 time-stamp authority to countersign with (<c>sigTst2</c>), or null for none.</summary>
    Uri? TimeStampAuthority { get; }

    /// <summary>
    /// Signs <paramref name="toBeSigned"/>: ECDSA as raw r‖s (IEEE P1363, never DER), RSASSA-PSS with MGF1 over the same
    /// hash and a salt of the hash length, or Ed25519.
    /// </summary>
    byte[] Sign(ReadOnlySpan<byte> toBeSigned);
}
