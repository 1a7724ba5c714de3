using System.Net.Http.Headers;
using System.Security.Cryptography;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Signing;

namespace Verifier.Provenance.TimeStamps;

/// <summary>
/// An RFC 3161 client: a SHA-256 imprint, <c>certReq</c> set (c2pa-rs needs the TSA certificate in the token) and a
/// random nonce, POSTed as <c>application/timestamp-query</c>. The answer must be granted, match the request (imprint,
/// nonce, certificate) and carry a token whose CMS signature verifies with its own TSA certificate; trust in that
/// TSA is left to the verifier.
/// </summary>
public sealed class Rfc3161Client : ITimeStamper
{
    /// <summary>Time-stamp responses are a few kilobytes; a TSA that sends more is misbehaving.</summary>
    public const int MaxResponseBytes = 1 << 20;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    // Buffered with a cap, so that the time limit covers the whole answer and a huge one fails early.
    private static readonly HttpClient SharedHttp = new() { MaxResponseContentBufferSize = MaxResponseBytes, Timeout = Timeout.InfiniteTimeSpan };
    private static readonly SecureRandom Random = new();

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;

    public Rfc3161Client(Uri url, TimeSpan? timeout = null, HttpClient? http = null)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"a time-stamp authority URL must be http(s): {url}", nameof(url));
        }

        Url = url;
        _timeout = timeout ?? DefaultTimeout;
        _http = http ?? SharedHttp;
    }

    public Uri Url { get; }

    public byte[] Stamp(ReadOnlySpan<byte> data)
    {
        var generator = new TimeStampRequestGenerator();
        generator.SetCertReq(true);
        var request = generator.Generate(TspAlgorithms.Sha256, SHA256.HashData(data), new BigInteger(64, Random));
        var body = Post(request.GetEncoded());

        TimeStampResponse response;
        try
        {
            response = new TimeStampResponse(body);
        }
        catch (Exception e) when (e is TspException || MalformedInput.IsParseError(e))
        {
            throw new TimeStampException($"{Url}: the answer is not an RFC 3161 time-stamp response ({e.Message})", e);
        }

        // 0 granted, 1 granted with modifications; anything else is a refusal with the TSA's reason.
        if (response.Status is not (0 or 1))
        {
            throw new TimeStampException($"{Url}: the time-stamp authority refused the request (status {response.Status}: {response.GetStatusString() ?? "no reason given"})");
        }

        try
        {
            response.Validate(request);
            var token = response.TimeStampToken;
            var tsaCert = token.GetCertificates().EnumerateMatches(token.SignerID).FirstOrDefault()
                ?? throw new TimeStampException($"{Url}: the time stamp carries no certificate for its signer");
            token.Validate(tsaCert);
            return token.GetEncoded();
        }
        catch (Exception e) when (e is TspException || (e is not TimeStampException && MalformedInput.IsParseError(e)))
        {
            throw new TimeStampException($"{Url}: the time stamp does not match the request or does not verify ({e.Message})", e);
        }
    }

    private byte[] Post(byte[] query)
    {
        using var content = new ByteArrayContent(query);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var message = new HttpRequestMessage(HttpMethod.Post, Url) { Content = content };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/timestamp-reply"));
        using var cancel = new CancellationTokenSource(_timeout);
        try
        {
            using var reply = _http.Send(message, HttpCompletionOption.ResponseContentRead, cancel.Token);
            if (!reply.IsSuccessStatusCode)
            {
                throw new TimeStampException($"{Url}: HTTP {(int)reply.StatusCode} {reply.ReasonPhrase}");
            }

            using var stream = reply.Content.ReadAsStream(cancel.Token);
            var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.Length <= MaxResponseBytes
                ? buffer.ToArray()
                : throw new TimeStampException($"{Url}: the answer exceeds {MaxResponseBytes} bytes");
        }
        catch (OperationCanceledException e)
        {
            throw new TimeStampException($"{Url}: no answer within {_timeout.TotalSeconds:0.#} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new TimeStampException($"{Url}: cannot reach the time-stamp authority ({e.Message})", e);
        }
    }
}
