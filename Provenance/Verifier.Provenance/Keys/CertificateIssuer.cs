using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Cose;

namespace Verifier.Provenance.Keys;

/// <summary>What a development certificate is for; each role gets the extensions the C2PA profile asks of it.</summary>
internal enum CertificateRole
{
    Root,
    Intermediate,
    Signer,
    TimeStampAuthority,
}

/// <summary>Issues X.509 v3 certificates with the extensions c2pa-rs's certificate profile checks.</summary>
internal static class CertificateIssuer
{
    public static IssuedCertificate Issue(CertificateRole role, string subject, AsymmetricCipherKeyPair keys,
        IssuedCertificate? issuer, CoseAlgorithm issuerAlg, DateTimeOffset now, TimeSpan lifetime, SecureRandom random)
    {
        var subjectName = new X509Name(subject);
        var gen = new X509V3CertificateGenerator();
        gen.SetSerialNumber(new BigInteger(120, random).Add(BigInteger.One));
        gen.SetSubjectDN(subjectName);
        gen.SetIssuerDN(issuer?.Certificate.SubjectDN ?? subjectName);
        // A day of slack for clocks that run behind the machine that made the keys.
        gen.SetNotBefore(now.UtcDateTime.AddDays(-1));
        gen.SetNotAfter(now.UtcDateTime.Add(lifetime));
        gen.SetPublicKey(keys.Public);

        bool ca = role is CertificateRole.Root or CertificateRole.Intermediate;
        gen.AddExtension(X509Extensions.BasicConstraints, true,
            role == CertificateRole.Intermediate ? new BasicConstraints(0) : new BasicConstraints(ca));
        gen.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(ca
            ? KeyUsage.KeyCertSign | KeyUsage.CrlSign | KeyUsage.DigitalSignature
            : KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
        gen.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(keys.Public));
        gen.AddExtension(X509Extensions.AuthorityKeyIdentifier, false,
            X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuer?.Certificate.GetPublicKey() ?? keys.Public));
        if (!ca)
        {
            // timeStamping must stand alone in a TSA certificate (RFC 3161 §2.3, and c2pa-rs's profile).
            string[] ekus = role == CertificateRole.Signer
                ? [CertificateOids.EmailProtection, CertificateOids.DocumentSigning]
                : [CertificateOids.TimeStamping];
            gen.AddExtension(X509Extensions.ExtendedKeyUsage, true,
                new DerSequence(ekus.Select(oid => (Asn1Encodable)new DerObjectIdentifier(oid)).ToArray()));
        }

        var signingKey = issuer?.PrivateKey ?? keys.Private;
        var cert = gen.Generate(new Asn1SignatureFactory(KeyAlgorithms.CertificateSignatureName(issuerAlg), signingKey, random));
        return new IssuedCertificate(cert, keys.Private);
    }
}
