using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Verifier.Server.Webhooks;

/// <summary>
/// How a webhook is signed, so its receiver can tell it came from this service and refuse replays:
/// <c>Verifier-Signature: t=UNIX,v1=HEX</c> where HEX = hex(HMAC-SHA256(secret, "UNIX." + body bytes)) and
/// secret = HMAC-SHA256(key: SHA-256(UTF-8 API key), message: "verifier-webhook-v1"). The secret is derived from the key
/// (the server keeps only the key's hash), so a client that holds its API key computes it without another secret to store.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Verifier-Signature";
    private static readonly byte[] SecretLabel = "verifier-webhook-v1"u8.ToArray();

    /// <summary>The webhook secret of the key whose SHA-256 is <paramref name="keyHash"/>.</summary>
    public static byte[] SecretFromKeyHash(byte[] keyHash) => HMACSHA256.HashData(keyHash, SecretLabel);

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="unixSeconds"/>.</summary>
    public static string HeaderValue(byte[] secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var stamp = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var signed = new byte[stamp.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(stamp, signed);
        signed[stamp.Length] = (byte)'.';
        body.CopyTo(signed.AsSpan(stamp.Length + 1));
        return $"t={stamp},v1={Convert.ToHexStringLower(HMACSHA256.HashData(secret, signed))}";
    }
}
