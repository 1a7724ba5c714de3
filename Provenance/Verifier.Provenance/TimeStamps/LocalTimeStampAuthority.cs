using System.Net;
using System.Net.Sockets;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509;
using Verifier.Provenance.Keys;

namespace Verifier.Provenance.TimeStamps;

/// <summary>
/// A development RFC 3161 time-stamp authority on loopback (127.0.0.1, a free port), signing with a
/// <see cref="DevelopmentPki"/> TSA key: for tests and offline demos of <c>--tsa</c>, never for real time stamps.
/// Tokens carry the TSA chain (TSA + intermediate) when the request asks for certificates.
/// </summary>
public sealed class LocalTimeStampAuthority : IDisposable
{
    /// <summary>The time-stamp policy the tokens name (a private test arc).</summary>
    public const string TestPolicy = "1.3.6.1.4.1.99999.1";

    private const int MaxRequestBytes = 64 * 1024;
    private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";

    private readonly HttpListener _listener;
    private readonly TimeStampResponseGenerator _responses;
    private readonly Task _serving;
    private readonly DateTimeOffset? _fixedTime;
    private long _serial;
    private int _requests;

    private LocalTimeStampAuthority(HttpListener listener, TimeStampResponseGenerator responses, Uri url, DateTimeOffset? fixedTime)
    {
        _listener = listener;
        _responses = responses;
        _fixedTime = fixedTime;
        Url = url;
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>Where to POST requests: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Url { get; }

    /// <summary>How many requests it has answered with a granted time stamp.</summary>
    public int GrantedCount => Volatile.Read(ref _requests);

    /// <summary>When set, every request is refused (PKIStatus rejection), to test how clients report refusals.</summary>
    public bool Reject { get; set; }

    /// <summary>
    /// Starts a TSA that signs with <paramref name="pki"/>'s TSA key and certificate. With <paramref name="fixedTime"/>,
    /// every token says it was made then (genTime and the CMS signing-time attribute, which verifiers prefer): the
    /// stamp a since-expired signer got while it was valid, for tests (the TSA certificate must cover that time too).
    /// </summary>
    public static LocalTimeStampAuthority Start(DevelopmentPki pki, DateTimeOffset? fixedTime = null)
    {
        var tsa = pki.TimeStampAuthority;
        var signedAttributes = fixedTime is { } at
            ? new AttributeTable(new Asn1EncodableVector(new Org.BouncyCastle.Asn1.Cms.Attribute(CmsAttributes.SigningTime, new DerSet(new Time(at.UtcDateTime)))))
            : null;
        var tokens = new TimeStampTokenGenerator(tsa.PrivateKey, tsa.Certificate, Sha256Oid, TestPolicy, signedAttributes, null);
        tokens.SetCertificates(CollectionUtilities.CreateStore<X509Certificate>(pki.TimeStampChain));
        var responses = new TimeStampResponseGenerator(tokens, TspAlgorithms.Allowed);

        // HttpListener cannot take port 0; ask the OS for a free port and retry if another process wins it first.
        for (int attempt = 0; ; attempt++)
        {
            var url = new Uri($"http://127.0.0.1:{FreePort()}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(url.ToString());
            try
            {
                listener.Start();
                return new LocalTimeStampAuthority(listener, responses, url, fixedTime);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending request; nothing is left to serve.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }

            try
            {
                await AnswerAsync(context).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away; serve the next one.
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        if (context.Request.HttpMethod != "POST" || context.Request.ContentType != "application/timestamp-query")
        {
            response.StatusCode = 400;
            return;
        }

        var body = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await context.Request.InputStream.ReadAsync(chunk).ConfigureAwait(false)) > 0 && body.Length <= MaxRequestBytes)
        {
            body.Write(chunk, 0, read);
        }

        byte[] answer = Answer(body.ToArray());
        response.ContentType = "application/timestamp-reply";
        response.ContentLength64 = answer.Length;
        await response.OutputStream.WriteAsync(answer).ConfigureAwait(false);
    }

    private byte[] Answer(byte[] query)
    {
        if (Reject)
        {
            return _responses.GenerateFailResponse(PkiStatus.Rejection, PkiFailureInfo.BadRequest, "rejected for the test").GetEncoded();
        }

        try
        {
            var request = new TimeStampRequest(query);
            lock (_responses)
            {
                var granted = _responses.Generate(request, BigInteger.ValueOf(++_serial), (_fixedTime ?? DateTimeOffset.UtcNow).UtcDateTime);
                if (granted.Status == 0)
                {
                    Interlocked.Increment(ref _requests);
                }

                return granted.GetEncoded();
            }
        }
        catch (Exception e) when (e is TspException or IOException or ArgumentException or InvalidCastException)
        {
            return _responses.GenerateFailResponse(PkiStatus.Rejection, PkiFailureInfo.BadDataFormat, e.Message).GetEncoded();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
