using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;

namespace Verifier.Provenance.Keys;

/// <summary>A certificate with its private key.</summary>
public sealed record IssuedCertificate(X509Certificate Certificate, AsymmetricKeyParameter PrivateKey);
