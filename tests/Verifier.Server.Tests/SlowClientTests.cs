using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Verifier.Detector.Tests.Support;
using Verifier.Server.Tests.Support;

namespace Verifier.Server.Tests;

/// <summary>
/// Slow clients over raw sockets: an upload trickling below the minimum data rate, and headers that never end, are cut off
/// within their grace (408 or a closed connection), keep nothing, and do not hold up other clients.
/// </summary>
[TestClass]
public sealed class SlowClientTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    [TestMethod]
    public async Task AnUploadBelowTheMinimumRateIsCutOffAndLeavesNothing()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var key = ServiceHost.CreateKey(data);
        await using var host = await ServiceHost.StartAsync(new ServerOptions
        {
            DataFolder = data, ModelPath = ServiceHost.WriteModel(folder), Workers = 0, MinUploadBytesPerSecond = 1000, UploadRateGrace = Grace,
        });
        var png = Ffmpeg.Still(folder.File("red.png"), "color=c=0xFF0000:s=32x32,format=rgb24");

        using var slow = await ConnectAsync(host.BaseAddress);
        const string Boundary = "slowboundary";
        var head = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        await SendAsync(slow,
            $"POST /v1/scans HTTP/1.1\r\nHost: {host.BaseAddress.Authority}\r\nAuthorization: Bearer {key}\r\n" +
            $"Content-Type: multipart/form-data; boundary={Boundary}\r\nContent-Length: 100000\r\n\r\n{head}");
        var started = Stopwatch.StartNew();
        var answer = ReadAnswerAsync(slow);
        // 5 bytes a second, far below 1000, until the server gives up (or 15 s pass).
        using var trickling = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var trickle = Task.Run(async () =>
        {
            while (!answer.IsCompleted && !trickling.IsCancellationRequested)
            {
                try
                {
                    await slow.SendAsync("x"u8.ToArray(), SocketFlags.None);
                }
                catch (SocketException)
                {
                    return; // the server closed the connection
                }

                await Task.Delay(200);
            }
        });

        // Meanwhile another client uploads at full speed and is answered at once.
        using (var client = host.Client(key))
        {
            var quick = Stopwatch.StartNew();
            await ApiCalls.SubmitAsync(client, png);
            Assert.IsLessThan(TimeSpan.FromSeconds(5), quick.Elapsed, "a slow client does not hold up others");
        }

        var text = await answer.WaitAsync(TimeSpan.FromSeconds(20));
        var elapsed = started.Elapsed;
        await trickle;
        Assert.IsTrue(text.Length == 0 || text.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), $"408 or a closed connection, not: {text}");
        Assert.IsLessThan(Grace + TimeSpan.FromSeconds(6), elapsed, "cut off soon after the grace period");
        Assert.IsGreaterThanOrEqualTo(Grace - TimeSpan.FromMilliseconds(200), elapsed, "not before the grace period");

        Assert.AreEqual(1L, await Stores.CountAsync(data, "scans"), "only the quick upload is stored");
        Assert.IsEmpty(Directory.GetFiles(Path.Combine(data, "tmp")), "no staged upload left");
        Assert.HasCount(1, Directory.GetFiles(Path.Combine(data, "blobs"), "*", SearchOption.AllDirectories), "only the quick upload's blob");
    }

    [TestMethod]
    public async Task HeadersThatNeverEndAreCutOff()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var key = ServiceHost.CreateKey(data);
        await using var host = await ServiceHost.StartAsync(new ServerOptions
        {
            DataFolder = data, ModelPath = ServiceHost.WriteModel(folder), Workers = 0, HeadersTimeout = Grace,
        });

        using var stalled = await ConnectAsync(host.BaseAddress);
        await SendAsync(stalled, $"POST /v1/scans HTTP/1.1\r\nHost: {host.BaseAddress.Authority}\r\nAuthorization: Bearer {key}\r\n");
        var started = Stopwatch.StartNew();
        var text = await ReadAnswerAsync(stalled).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.IsTrue(text.Length == 0 || text.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), $"408 or a closed connection, not: {text}");
        Assert.IsLessThan(Grace + TimeSpan.FromSeconds(5), started.Elapsed);
        using var client = host.Client();
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode, "the server serves on");
        Assert.AreEqual(0L, await Stores.CountAsync(data, "scans"));
    }

    private static async Task<Socket> ConnectAsync(Uri address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, address.Port);
        return socket;
    }

    private static Task SendAsync(Socket socket, string text) => socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);

    /// <summary>Everything the server sends until it closes the connection (a reset counts as a close).</summary>
    private static async Task<string> ReadAnswerAsync(Socket socket)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            // Reset by the server.
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }
}
