using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Tsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.X509;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Cose;

/// <summary>
/// Verifies one RFC 3161 time stamp (a TimeStampToken, or a whole TimeStampResp as v1 <c>sigTst</c> stores it) over
/// some data, with c2pa-rs's checks, order and codes: CMS parse, embedded certificates, TSTInfo, signed message digest,
/// CMS signature, TSA validity at the stamped time, message imprint, then TSA profile and trust.
/// </summary>
public static class Rfc3161Verifier
{
    private const string SigningTimeOid = "1.2.840.113549.1.9.5";
    private const string MessageDigestOid = "1.2.840.113549.1.9.4";

    private static readonly HashSet<string> TsaEkus = [CertificateOids.TimeStamping];

    /// <summary>What a time stamp established.</summary>
    /// <param name="ValidatedTime">The stamped time when the imprint matched (shown as the signing time either way).</param>
    /// <param name="TrustedTime">The stamped time when the stamp is also trusted: the time certificates are judged at.</param>
    public sealed record Result(DateTimeOffset? ValidatedTime, DateTimeOffset? TrustedTime);

    /// <param name="verifyTrust">False for v1 claims: c2pa-rs then takes the TSA on its word ("legacy" trust).</param>
    public static Result Verify(ReadOnlySpan<byte> token, ReadOnlySpan<byte> data, bool verifyTrust,
        IReadOnlyList<X509Certificate> tsaAnchors, StatusLog log, string? url)
    {
        var local = new StatusLog();
        Result result;
        try
        {
            result = VerifyToken(token, data, verifyTrust, tsaAnchors, local, url);
        }
        catch (Exception e) when (MalformedInput.IsParseError(e))
        {
            local.Add(ValidationCodes.TimeStampMalformed, url, $"could not parse timestamp data: {e.Message}");
            result = new(null, null);
        }

        Append(log, local);
        return result;
    }

    private static Result VerifyToken(ReadOnlySpan<byte> token, ReadOnlySpan<byte> data, bool verifyTrust,
        IReadOnlyList<X509Certificate> tsaAnchors, StatusLog log, string? url)
    {
        if (ReadSignedData(token) is not { } signedData)
        {
            log.Add(ValidationCodes.TimeStampMalformed, url, "could not parse timestamp data");
            return new(null, null);
        }

        List<X509Certificate> certs;
        try
        {
            certs = signedData.GetCertificates().EnumerateMatches(null).ToList();
        }
        catch (Exception e) when (MalformedInput.IsParseError(e)) // e.g. a garbled certificate or extension
        {
            certs = [];
        }

        if (certs.Count > CertificateTrust.MaxChainLength)
        {
            log.Add(ValidationCodes.TimeStampMalformed, url, $"the time stamp carries more than {CertificateTrust.MaxChainLength} certificates");
            return new(null, null);
        }

        if (certs.Count == 0)
        {
            log.Add(ValidationCodes.TimeStampUntrusted, url, "could not parse timestamp data: the time stamp carries no certificates");
            return new(null, null);
        }

        var current = new StatusLog();
        DateTimeOffset? validated = null;
        foreach (var signer in signedData.GetSignerInfos().GetSigners())
        {
            current = new StatusLog();
            var cert = certs.FirstOrDefault(c => signer.SignerID.Match(c));
            if (cert is null)
            {
                continue;
            }

            var outcome = VerifySigner(signedData, signer, cert, certs, data, verifyTrust, tsaAnchors, current, url);
            validated ??= outcome.ValidatedTime;
            if (outcome.TrustedTime is not null)
            {
                Append(log, current);
                return outcome;
            }
        }

        Append(log, current);
        return new(validated, null);
    }

    private static Result VerifySigner(CmsSignedData signedData, SignerInformation signer, X509Certificate cert,
        List<X509Certificate> certs, ReadOnlySpan<byte> data, bool verifyTrust, IReadOnlyList<X509Certificate> tsaAnchors,
        StatusLog log, string? url)
    {
        string name = CommonName(cert);
        byte[]? content = EncapsulatedContent(signedData);
        TstInfo? tst = null;
        try
        {
            tst = content is null ? null : TstInfo.GetInstance(Asn1Object.FromByteArray(content));
        }
        catch (Exception e) when (MalformedInput.IsParseError(e))
        {
        }

        if (tst is null)
        {
            log.Add(ValidationCodes.TimeStampMalformed, url, "timestamp response had no TstInfo");
            return new(null, null);
        }

        DateTimeOffset signingTime;
        try
        {
            signingTime = new DateTimeOffset(tst.GenTime.ToDateTime().ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            log.Add(ValidationCodes.TimeStampMalformed, url, "timestamp genTime is malformed");
            return new(null, null);
        }

        if (signer.SignedAttributes is { } attributes)
        {
            // A signed signing-time attribute overrides genTime, as in c2pa-rs.
            if (attributes[new DerObjectIdentifier(SigningTimeOid)] is { AttrValues.Count: 1 } st
                && TryTime(st.AttrValues[0], out var attributeTime))
            {
                signingTime = attributeTime;
            }

            if (CheckMessageDigest(attributes, signer, content!, log, url) is false)
            {
                return new(null, null);
            }
        }

        bool signatureOk;
        try
        {
            signatureOk = signer.Verify(cert.GetPublicKey());
        }
        catch (Exception e) when (e is CmsException or ArgumentException or InvalidOperationException
            or Org.BouncyCastle.Security.SecurityUtilityException or Org.BouncyCastle.Crypto.CryptoException)
        {
            signatureOk = false;
        }

        if (!signatureOk)
        {
            log.Add(ValidationCodes.TimeStampUntrusted, url, "timestamp signed data did not match signature");
            return new(null, null);
        }

        if (!CertificateProfile.ValidAt(cert, signingTime))
        {
            log.Add(ValidationCodes.TimeStampOutsideValidity, url, "timestamp signer outside of certificate validity");
            return new(null, null);
        }

        var imprint = tst.MessageImprint;
        if (HashOf(imprint.HashAlgorithm.Algorithm.Id) is not { } hash)
        {
            log.Add(ValidationCodes.TimeStampUntrusted, url, "timestamp unknown message digest algorithm");
            return new(null, null);
        }

        if (!CryptographicOperations.FixedTimeEquals(Digest(hash, data), imprint.GetHashedMessage()))
        {
            log.Add(ValidationCodes.TimeStampMismatch, url, $"timestamp message digest did not match: {name}");
            return new(null, null);
        }

        log.Add(ValidationCodes.TimeStampValidated, url, $"timestamp message digest matched: {name}");
        if (!verifyTrust)
        {
            log.Add(ValidationCodes.TimeStampTrusted, url, $"legacy timestamp cert trusted: {name}");
            return new(signingTime, signingTime);
        }

        var ordered = OrderLeafToRoot(cert, certs);
        // The TSA certificate must carry timeStamping (RFC 3161 §2.3): emailProtection, which CheckEndEntity always
        // accepts, would let any signer certificate under an anchor back-date signatures. c2pa-rs logs the same
        // signingCredential.invalid here but then still trusts the stamp; Verifier does not (README interop notes).
        if (!CertificateProfile.CheckEndEntity(cert, signingTime, TsaEkus, CertificateOids.TimeStamping, log, url)
            || !CertificateTrust.Check(cert, ordered.Skip(1).ToList(), tsaAnchors, [], TsaEkus, signingTime).Trusted)
        {
            log.Add(ValidationCodes.TimeStampUntrusted, url, $"timestamp cert untrusted: {name}");
            return new(signingTime, null);
        }

        log.Add(ValidationCodes.TimeStampTrusted, url, $"timestamp cert trusted: {name}, trust list: system_anchors");
        return new(signingTime, signingTime);
    }

    /// <summary>False when the signed message-digest attribute is missing, malformed or wrong (and logged).</summary>
    private static bool CheckMessageDigest(Org.BouncyCastle.Asn1.Cms.AttributeTable attributes, SignerInformation signer,
        byte[] content, StatusLog log, string? url)
    {
        if (attributes[new DerObjectIdentifier(MessageDigestOid)] is not { } digestAttribute)
        {
            log.Add(ValidationCodes.TimeStampMalformed, url, "timestamp no message digest");
            return false;
        }

        if (digestAttribute.AttrValues.Count != 1 || digestAttribute.AttrValues[0] is not Asn1OctetString signedDigest)
        {
            log.Add(ValidationCodes.TimeStampMalformed, url, "timestamp response contained multiple message digests");
            return false;
        }

        if (HashOf(signer.DigestAlgorithmID.Algorithm.Id) is not { } hash)
        {
            log.Add(ValidationCodes.TimeStampMalformed, url, "timestamp bad message digest algorithm");
            return false;
        }

        if (!Digest(hash, content).AsSpan().SequenceEqual(signedDigest.GetOctets()))
        {
            log.Add(ValidationCodes.TimeStampMismatch, url, "timestamp bad message digest");
            return false;
        }

        return true;
    }

    /// <summary>SignedData of a TimeStampToken (ContentInfo) or of the token inside a TimeStampResp; null if neither.</summary>
    private static CmsSignedData? ReadSignedData(ReadOnlySpan<byte> token)
    {
        try
        {
            if (Asn1Object.FromByteArray(token.ToArray()) is not Asn1Sequence seq || seq.Count == 0)
            {
                return null;
            }

            var contentInfo = seq[0] is DerObjectIdentifier
                ? ContentInfo.GetInstance(seq)
                : TimeStampResp.GetInstance(seq).TimeStampToken;
            return contentInfo is null ? null : new CmsSignedData(contentInfo);
        }
        catch (Exception e) when (MalformedInput.IsParseError(e))
        {
            return null;
        }
    }

    private static byte[]? EncapsulatedContent(CmsSignedData signedData)
    {
        try
        {
            return (SignedData.GetInstance(signedData.ContentInfo.Content).EncapContentInfo.Content as Asn1OctetString)?.GetOctets();
        }
        catch (Exception e) when (MalformedInput.IsParseError(e))
        {
            return null;
        }
    }

    private static List<X509Certificate> OrderLeafToRoot(X509Certificate leaf, List<X509Certificate> certs)
    {
        var ordered = new List<X509Certificate> { leaf };
        var remaining = certs.Where(c => !c.Equals(leaf)).ToList();
        while (remaining.Find(c => ordered[^1].IssuerDN.Equivalent(c.SubjectDN)) is { } next)
        {
            ordered.Add(next);
            remaining.Remove(next);
        }

        return ordered;
    }

    private static bool TryTime(Asn1Encodable value, out DateTimeOffset time)
    {
        try
        {
            time = new DateTimeOffset(Org.BouncyCastle.Asn1.Cms.Time.GetInstance(value).ToDateTime().ToUniversalTime(), TimeSpan.Zero);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            time = default;
            return false;
        }
    }

    private static HashAlgorithmName? HashOf(string oid) => oid switch
    {
        "1.3.14.3.2.26" => HashAlgorithmName.SHA1,
        CertificateOids.Sha256 => HashAlgorithmName.SHA256,
        CertificateOids.Sha384 => HashAlgorithmName.SHA384,
        CertificateOids.Sha512 => HashAlgorithmName.SHA512,
        _ => null,
    };

    private static byte[] Digest(HashAlgorithmName hash, ReadOnlySpan<byte> data)
    {
        using var h = IncrementalHash.CreateHash(hash);
        h.AppendData(data);
        return h.GetHashAndReset();
    }

    internal static string CommonName(X509Certificate cert) =>
        string.Concat(cert.SubjectDN.GetValueList(X509Name.CN));

    private static void Append(StatusLog log, StatusLog from)
    {
        foreach (var e in from.Entries)
        {
            log.Add(e.Code, e.Url, e.Explanation);
        }
    }
}
