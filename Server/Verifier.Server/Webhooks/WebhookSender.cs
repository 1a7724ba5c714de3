using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Verifier.Server.Webhooks;

/// <summary>
/// POSTs one signed webhook body. Redirects are not followed (a redirect could lead past the allow-list), and each address a
/// callback host resolves to is checked at connect time, so a name pointing at this service is refused there too.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient client;

    public WebhookSender(ServerOptions options, CallbackPolicy policy)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = async (context, ct) =>
            {
                var port = context.DnsEndPoint.Port;
                var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct).ConfigureAwait(false);
                var usable = addresses.Where(a => !policy.IsSelf(a, port)).ToArray();
                if (usable.Length == 0)
                {
                    throw new HttpRequestException($"{context.DnsEndPoint.Host}:{port} resolves to this service itself; refused");
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(usable, port, ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        client = new HttpClient(handler) { Timeout = options.WebhookTimeout };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("verifier-webhook", "1"));
    }

    /// <summary>The receiver's status code, or the reason no answer came (connection refused, timeout, ...).</summary>
    public async Task<(int? StatusCode, string? Error)> PostAsync(Uri url, string scanId, byte[] body, byte[] secret, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.HeaderValue(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));
        request.Headers.Add("Verifier-Scan-Id", scanId);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            return ((int)response.StatusCode, null);
        }
        catch (HttpRequestException e)
        {
            return (null, e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"no answer within {client.Timeout.TotalSeconds:0.#} s");
        }
    }

    public void Dispose() => client.Dispose();
}
