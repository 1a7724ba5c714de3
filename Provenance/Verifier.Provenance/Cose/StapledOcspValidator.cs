using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Cose;

/// <summary>
/// Stapled OCSP (<c>rVals: {"ocspVals": [OCSPResponse]}</c> in the unprotected header), checked as c2pa-rs does
/// without fetching: a response counts only when it parses, its responder certificate passes the profile with the
/// OCSPSigning EKU and chains to the signer trust anchors, and it speaks of the signing certificate; anything else is
/// treated as if there were no response (no status). With no stapled response, <c>signingCredential.ocsp.skipped</c>.
/// </summary>
public static class StapledOcspValidator
{
    private static readonly HashSet<string> NoExtraEkus = [];

    /// <param name="signingTime">The trusted time-stamp time, else null (then "now" is used, as c2pa-rs does).</param>
    public static void Validate(CoseSign1 sign1, X509Certificate? leaf, IReadOnlyList<X509Certificate> chain,
        IReadOnlyList<X509Certificate> anchors, DateTimeOffset? signingTime, DateTimeOffset now, StatusLog log, string? url)
    {
        if (sign1.Unprotected["rVals"]?["ocspVals"]?.Items is not { Count: > 0 } values || values[0].Bytes is not { } der)
        {
            log.Add(ValidationCodes.SigningCredentialOcspSkipped, url, "OCSP fetching skipped");
            return;
        }

        if (leaf is null || Read(der.ToArray()) is not { } response)
        {
            return;
        }

        X509Certificate[] responders;
        try
        {
            responders = response.GetCerts() ?? [];
        }
        catch (Exception e) when (MalformedInput.IsParseError(e))
        {
            return;
        }

        if (responders.Length == 0)
        {
            return; // the responder cannot be authenticated: treated as unknown
        }

        var at = signingTime ?? now;
        var responder = responders[0];
        var issuer = chain.Count > 0 ? chain[0] : null;
        if (!CertificateProfile.CheckEndEntity(responder, at, NoExtraEkus, CertificateOids.OcspSigning, log, url))
        {
            return;
        }

        // A delegated responder is issued by the signer's CA, which the response often leaves out.
        var responderChain = responders.Skip(1).ToList();
        if (responderChain.Count == 0 && issuer is not null && responder.IssuerDN.Equivalent(issuer.SubjectDN))
        {
            responderChain.AddRange(chain);
        }

        if (!CertificateTrust.Check(responder, responderChain, anchors, [], NoExtraEkus, at).Trusted
            || !VerifiesWith(response, responder))
        {
            return;
        }

        try
        {
            var verdict = new StatusLog();
            Judge(response, leaf, issuer, signingTime, now, verdict, url);
            foreach (var e in verdict.Entries)
            {
                log.Add(e.Code, e.Url, e.Explanation);
            }
        }
        catch (Exception e) when (MalformedInput.IsParseError(e))
        {
            // An OCSP response that cannot be interpreted is treated as absent, as the spec (and c2pa-rs) require.
        }
    }

    private static void Judge(BasicOcspResp response, X509Certificate leaf, X509Certificate? issuer,
        DateTimeOffset? signingTime, DateTimeOffset now, StatusLog log, string? url)
    {
        string serial = leaf.SerialNumber.ToString();
        bool revoked = false;
        foreach (var single in response.Responses)
        {
            var id = single.GetCertID();
            if (!id.SerialNumber.Equals(leaf.SerialNumber) || (issuer is not null && !Matches(id, issuer)))
            {
                continue;
            }

            switch (single.GetCertStatus())
            {
                case null: // good
                    var thisUpdate = Utc(single.ThisUpdate);
                    var nextUpdate = single.NextUpdate is { } n ? Utc(n) : thisUpdate;
                    bool inRange = signingTime is { } st
                        ? st < thisUpdate || (st >= thisUpdate && st <= nextUpdate)
                        : now >= thisUpdate && now <= nextUpdate;
                    if (inRange)
                    {
                        log.Add(ValidationCodes.SigningCredentialOcspNotRevoked, url, $"signing cert not revoked: {serial}");
                        return;
                    }

                    revoked = true; // c2pa-rs counts a stale "good" answer as revoked
                    break;

                case RevokedStatus status:
                    var revokedAt = Utc(status.RevocationTime);
                    bool signedBefore = status.HasRevocationReason && status.RevocationReason == 8 // removeFromCRL
                        ? revokedAt > (signingTime ?? now)
                        : signingTime is { } t && t < revokedAt;
                    if (signedBefore)
                    {
                        log.Add(ValidationCodes.SigningCredentialOcspNotRevoked, url, $"signing cert not revoked: {serial}");
                        return;
                    }

                    revoked = true;
                    break;

                default:
                    log.Add(ValidationCodes.SigningCredentialOcspUnknown, url, $"signing cert status unknown: {serial}");
                    return;
            }
        }

        if (revoked)
        {
            log.Add(ValidationCodes.SigningCredentialRevoked, url, $"signing cert revoked: {serial}");
        }
    }

    private static BasicOcspResp? Read(byte[] der)
    {
        try
        {
            var response = new OcspResp(der);
            return response.Status == OcspRespStatus.Successful ? response.GetResponseObject() as BasicOcspResp : null;
        }
        catch (Exception e) when (MalformedInput.IsParseError(e))
        {
            return null;
        }
    }

    private static bool VerifiesWith(BasicOcspResp response, X509Certificate responder)
    {
        try
        {
            return response.Verify(responder.GetPublicKey());
        }
        catch (Exception e) when (e is OcspException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool Matches(CertificateID id, X509Certificate issuer)
    {
        try
        {
            return id.MatchesIssuer(issuer);
        }
        catch (OcspException)
        {
            return false;
        }
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t.ToUniversalTime(), DateTimeKind.Utc), TimeSpan.Zero);
}
