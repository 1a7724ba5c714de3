using Verifier.Provenance.Cose;

namespace Verifier.Provenance.Keys;

/// <summary>
/// Where a local signer's key and certificates come from, as <c>verifier sign --key --cert --alg --key-password --tsa</c>
/// give them.
/// </summary>
/// <param name="KeyPath">A PEM key (PKCS#8, encrypted PKCS#8, SEC1 EC, PKCS#1 RSA), a DER PKCS#8 key, or a PKCS#12 file.</param>
/// <param name="CertificatePath">PEM certificates, signer first; may be null for PKCS#12, whose chain is used then.</param>
/// <param name="Algorithm">The COSE algorithm; null to infer it from the key.</param>
/// <param name="Password">For encrypted keys and PKCS#12; null to read <see cref="KeyLoader.PasswordVariable"/>.</param>
/// <param name="TimeStampAuthority">An RFC 3161 TSA to countersign with, or null.</param>
public sealed record KeySource(string KeyPath, string? CertificatePath = null, CoseAlgorithm? Algorithm = null,
    string? Password = null, Uri? TimeStampAuthority = null);
