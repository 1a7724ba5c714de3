using System.Net;
using System.Net.Sockets;

namespace Verifier.Server.Tests.Support;

/// <summary>
/// A webhook receiver on a loopback port (HttpListener): it records every request's body and signature header, and answers
/// each with the next status code of its script (then 200).
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Queue<int> script;
    private readonly List<Received> received = [];
    private readonly Task loop;

    public WebhookReceiver(int port, params int[] statusCodes)
    {
        Url = $"http://127.0.0.1:{port}/hooks/scan";
        script = new Queue<int>(statusCodes);
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public IReadOnlyList<Received> Requests
    {
        get
        {
            lock (received)
            {
                return [.. received];
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> requests came (at most 30 s).</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Requests.Count < count)
        {
            Assert.IsLessThan(deadline, DateTime.UtcNow, $"{Requests.Count} of {count} webhook requests came within 30 s");
            await Task.Delay(20);
        }

        return Requests;
    }

    public void Dispose()
    {
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending GetContextAsync: that is how the loop ends.
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            int status;
            lock (received)
            {
                received.Add(new Received(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType,
                    context.Request.Headers["Verifier-Signature"], body.ToArray(), DateTimeOffset.UtcNow));
                status = script.Count > 0 ? script.Dequeue() : 200;
            }

            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public sealed record Received(string Method, string Path, string? ContentType, string? Signature, byte[] Body, DateTimeOffset At);
}
