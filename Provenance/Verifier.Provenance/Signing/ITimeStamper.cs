namespace Verifier.Provenance.Signing;

/// <summary>
/// Gets an RFC 3161 time stamp over some bytes (for C2PA v2 claims, the COSE countersignature structure that
/// <c>sigTst2</c> covers). Returns the DER TimeStampToken (a CMS ContentInfo), as <c>tstTokens[].val</c> stores it.
/// </summary>
public interface ITimeStamper
{
    byte[] Stamp(ReadOnlySpan<byte> data);
}
