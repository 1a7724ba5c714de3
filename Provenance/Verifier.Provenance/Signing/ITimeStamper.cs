namespace Verifier.Provenance.Signing;

/// <summary>
/// An RFC 3161 time-stamp authority client: the seam the COSE writer stamps the signature through (C2PA v2
/// <c>sigTst2</c>, over the COSE countersignature structure). The message imprint is the SHA-256 of <c>data</c>; the
/// token must embed the TSA's certificates (request <c>certReq=true</c>), or c2pa-rs reports <c>timeStamp.untrusted</c>.
/// </summary>
public interface ITimeStamper
{
    /// <summary>The DER <c>TimeStampToken</c> (a CMS ContentInfo) over <paramref name="data"/>, as <c>tstTokens[].val</c> stores it.</summary>
    byte[] Stamp(ReadOnlySpan<byte> data);
}
