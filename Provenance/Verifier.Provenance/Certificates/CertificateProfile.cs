using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Certificates;

/// <summary>
/// The C2PA end-entity certificate profile (spec §14.5) exactly as c2pa-rs 0.91 enforces it, rule by rule and in its
/// order. A violation logs <c>signingCredential.invalid</c> naming the rule (or <c>signingCredential.expired</c> for
/// the validity window) and stops at the first failure, as c2pa-rs does.
/// </summary>
public static class CertificateProfile
{
    /// <summary>
    /// Checks <paramref name="cert"/> at <paramref name="at"/> (the trusted time-stamp time, else now).
    /// <paramref name="acceptedEkus"/> are the EKUs accepted besides emailProtection / timeStamping / OCSPSigning
    /// (which c2pa-rs always accepts); <paramref name="mandatoryEku"/>, when set, must be present (TSA, OCSP responder).
    /// <paramref name="claimSigner"/> adds the spec's rule for claim signers that c2pa-rs 0.91 leaves out: key usage
    /// must assert digitalSignature (c2pa-rs also takes nonRepudiation or keyCertSign alone).
    /// </summary>
    public static bool CheckEndEntity(X509Certificate cert, DateTimeOffset at, IReadOnlySet<string> acceptedEkus,
        string? mandatoryEku, StatusLog log, string? url, bool claimSigner = false)
    {
        try
        {
            if (!Check(cert, at, acceptedEkus, claimSigner, log, url))
            {
                return false;
            }

            if (mandatoryEku is not null && !(Ekus(cert)?.Contains(mandatoryEku) ?? false))
            {
                return Invalid(log, url, $"certificate missing mandatory EKU {mandatoryEku}");
            }

            return !IsCa(cert) || Invalid(log, url, "expected end-entity certificate, found a CA certificate");
        }
        catch (Exception e) when (MalformedInput.IsParseError(e))
        {
            return Invalid(log, url, $"certificate could not be parsed: {e.Message}");
        }
    }

    private static bool Check(X509Certificate cert, DateTimeOffset at, IReadOnlySet<string> acceptedEkus, bool claimSigner,
        StatusLog log, string? url)
    {
        if (cert.Version != 3)
        {
            return Invalid(log, url, $"certificate version incorrect (v{cert.Version}, must be v3)");
        }

        if (!ValidAt(cert, at))
        {
            log.Add(ValidationCodes.SigningCredentialExpired, url, "certificate expired");
            return false;
        }

        string sigAlg = cert.SigAlgOid;
        if (sigAlg is not (CertificateOids.Sha256WithRsa or CertificateOids.Sha384WithRsa or CertificateOids.Sha512WithRsa
            or CertificateOids.EcdsaWithSha256 or CertificateOids.EcdsaWithSha384 or CertificateOids.EcdsaWithSha512
            or CertificateOids.RsassaPss or CertificateOids.Ed25519))
        {
            return Invalid(log, url, $"certificate algorithm not supported ({sigAlg})");
        }

        if (sigAlg == CertificateOids.Ed25519 && cert.GetSigAlgParams() is not null)
        {
            return Invalid(log, url, "certificate Ed25519 signature algorithm parameters must be absent");
        }

        if (sigAlg == CertificateOids.RsassaPss && !CheckPssParameters(cert, log, url))
        {
            return false;
        }

        if (!CheckPublicKey(cert.SubjectPublicKeyInfo, log, url))
        {
            return false;
        }

        bool isCa = IsCa(cert);
        if (isCa && cert.IssuerDN.Equivalent(cert.SubjectDN))
        {
            return Invalid(log, url, "certificate issuer and subject cannot be the same (self-signed disallowed)");
        }

        if (cert.IssuerUniqueID is not null || cert.SubjectUniqueID is not null)
        {
            return Invalid(log, url, "certificate issuer/subject unique ids are not allowed");
        }

        return CheckExtensions(cert, isCa, acceptedEkus, claimSigner, log, url);
    }

    private static bool CheckExtensions(X509Certificate cert, bool isCa, IReadOnlySet<string> acceptedEkus, bool claimSigner,
        StatusLog log, string? url)
    {
        IList<string>? ekus;
        try
        {
            ekus = Ekus(cert);
        }
        catch (Exception e) when (MalformedInput.IsParseError(e))
        {
            // c2pa-rs fails the profile here without logging a status.
            return false;
        }

        bool ekuGood;
        if (ekus is null)
        {
            ekuGood = isCa;
        }
        else
        {
            if (ekus.Contains(CertificateOids.AnyExtendedKeyUsage))
            {
                return Invalid(log, url, "certificate 'any' EKU not allowed");
            }

            bool email = ekus.Contains(CertificateOids.EmailProtection);
            bool timeStamping = ekus.Contains(CertificateOids.TimeStamping);
            bool ocsp = ekus.Contains(CertificateOids.OcspSigning);
            if (!email && !timeStamping && !ocsp && !ekus.Any(acceptedEkus.Contains))
            {
                return Invalid(log, url, "certificate missing required EKU (needs emailProtection, documentSigning or a C2PA signing EKU)");
            }

            bool others = ekus.Any(e => e is not (CertificateOids.TimeStamping or CertificateOids.OcspSigning));
            if ((ocsp && timeStamping) || ((ocsp ^ timeStamping) && others))
            {
                return Invalid(log, url, "certificate invalid set of EKUs (timeStamping or OCSPSigning must stand alone)");
            }

            ekuGood = true;
        }

        var critical = cert.GetCriticalExtensionOids() ?? new HashSet<string>();
        var unhandled = critical.FirstOrDefault(oid => !CertificateOids.HandledExtensions.Contains(oid));
        bool akiGood = cert.GetExtensionValue(new DerObjectIdentifier(CertificateOids.AuthorityKeyIdentifier)) is not null;
        bool skiGood = !isCa || cert.GetExtensionValue(new DerObjectIdentifier(CertificateOids.SubjectKeyIdentifier)) is not null;
        bool keyUsageGood = false;
        if (cert.GetKeyUsage() is { } ku)
        {
            bool digitalSignature = ku[0], nonRepudiation = ku[1], keyCertSign = ku[5];
            if (digitalSignature && keyCertSign && !isCa)
            {
                return Invalid(log, url, "certificate has keyCertSign on an end-entity certificate");
            }

            keyUsageGood = claimSigner && !isCa ? digitalSignature : digitalSignature || keyCertSign || nonRepudiation;
        }

        string? problem = !akiGood ? "no authority key identifier"
            : !skiGood ? "no subject key identifier on a CA certificate"
            : !keyUsageGood ? "key usage missing or lacks digitalSignature"
            : !ekuGood ? "no extended key usage on an end-entity certificate"
            : unhandled is not null ? $"unrecognised critical extension {unhandled}"
            : null;
        return problem is null || Invalid(log, url, $"certificate params incorrect: {problem}");
    }

    private static bool CheckPssParameters(X509Certificate cert, StatusLog log, string? url)
    {
        if (cert.GetSigAlgParams() is not { } encoded)
        {
            return Invalid(log, url, "certificate missing algorithm parameters");
        }

        // c2pa-rs requires the explicit [0] hash and [1] MGF; anything else fails the profile without a status.
        if (Asn1Object.FromByteArray(encoded) is not Asn1Sequence seq || seq.Count < 2
            || seq[0] is not Asn1TaggedObject { TagNo: 0 } hashTag || seq[1] is not Asn1TaggedObject { TagNo: 1 } mgfTag)
        {
            return false;
        }

        var hash = AlgorithmIdentifier.GetInstance(hashTag, true).Algorithm.Id;
        var mgf = AlgorithmIdentifier.GetInstance(mgfTag, true);
        if (mgf.Parameters?.ToAsn1Object() is not Asn1Sequence mgfParams || mgfParams.Count == 0
            || mgfParams[0] is not DerObjectIdentifier mgfHash)
        {
            return false;
        }

        if (hash != mgfHash.Id)
        {
            return Invalid(log, url, "certificate algorithm error (RSASSA-PSS hash and MGF1 hash differ)");
        }

        return hash is CertificateOids.Sha256 or CertificateOids.Sha384 or CertificateOids.Sha512
            || Invalid(log, url, "certificate hash algorithm not supported (RSASSA-PSS needs SHA-256/384/512)");
    }

    private static bool CheckPublicKey(SubjectPublicKeyInfo spki, StatusLog log, string? url)
    {
        string keyAlg = spki.Algorithm.Algorithm.Id;
        if (keyAlg == CertificateOids.EcPublicKey)
        {
            if (spki.Algorithm.Parameters?.ToAsn1Object() is not DerObjectIdentifier curve)
            {
                return false; // c2pa-rs: silent failure for implicit or explicit curve parameters
            }

            return curve.Id is CertificateOids.P256 or CertificateOids.P384 or CertificateOids.P521
                || Invalid(log, url, $"certificate unsupported EC curve ({curve.Id})");
        }

        if (keyAlg == CertificateOids.Ed25519 && spki.Algorithm.Parameters is not null)
        {
            return Invalid(log, url, "certificate Ed25519 public key parameters must be absent");
        }

        if (keyAlg is CertificateOids.RsaEncryption or CertificateOids.RsassaPss)
        {
            RsaPublicKeyStructure rsa;
            try
            {
                rsa = RsaPublicKeyStructure.GetInstance(spki.ParsePublicKey());
            }
            catch (Exception e) when (MalformedInput.IsParseError(e))
            {
                return false;
            }

            if (rsa.Modulus.BitLength < 2048)
            {
                return Invalid(log, url, $"certificate key length too short ({rsa.Modulus.BitLength} bits, needs 2048)");
            }

            var e3 = Org.BouncyCastle.Math.BigInteger.Three;
            return (rsa.PublicExponent.CompareTo(e3) >= 0 && rsa.PublicExponent.TestBit(0))
                || Invalid(log, url, "certificate RSA public exponent is invalid");
        }

        return true;
    }

    internal static bool IsCa(X509Certificate cert) => cert.GetBasicConstraints() >= 0;

    internal static bool ValidAt(X509Certificate cert, DateTimeOffset at) =>
        at.UtcDateTime >= cert.NotBefore.ToUniversalTime() && at.UtcDateTime <= cert.NotAfter.ToUniversalTime();

    internal static IList<string>? Ekus(X509Certificate cert) =>
        cert.GetExtendedKeyUsage()?.Select(o => o.Id).ToList();

    private static bool Invalid(StatusLog log, string? url, string explanation)
    {
        log.Add(ValidationCodes.SigningCredentialInvalid, url, explanation);
        return false;
    }
}
