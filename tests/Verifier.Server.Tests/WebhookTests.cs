using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Verifier.Detector.Tests.Support;
using Verifier.Server.Storage;
using Verifier.Server.Tests.Support;

namespace Verifier.Server.Tests;

/// <summary>
/// Webhooks to a real receiver on loopback: the body is the scan's GET object byte for byte, the signature checks out with
/// the secret derived here from the API key by the documented recipe, failures are retried with growing waits and every
/// attempt is logged, a pending delivery survives a restart, and callback URLs that are not http(s), point at the service
/// itself or are off the allow-list are refused at upload.
/// </summary>
[TestClass]
public sealed class WebhookTests
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(150);

    [TestMethod]
    public async Task AReceiverThatFailsTwiceGetsThreeSignedAttemptsAllLogged()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var key = ServiceHost.CreateKey(data);
        using var receiver = new WebhookReceiver(LoopbackPort.Free(), 500, 503);
        await using var host = await ServiceHost.StartAsync(
            new ServerOptions { DataFolder = data, ModelPath = ServiceHost.WriteModel(folder), WebhookFirstRetry = FirstRetry });
        using var client = host.Client(key);
        var clip = Ffmpeg.LosslessClip(folder.File("red.mp4"), "color=c=0xFF0000:s=64x64:r=10:d=1,format=rgb24");

        var id = (await ApiCalls.SubmitAsync(client, clip, callbackUrl: receiver.Url)).GetProperty("id").GetString()!;
        var state = await Stores.WebhookSettledAsync(data, id);

        Assert.AreEqual(WebhookState.Delivered, state);
        var requests = receiver.Requests;
        Assert.HasCount(3, requests);
        using var get = await client.GetAsync($"/v1/scans/{id}");
        var expectedBody = await get.Content.ReadAsByteArrayAsync();
        Assert.AreEqual("done", JsonDocument.Parse(expectedBody).RootElement.GetProperty("status").GetString());
        var secret = HMACSHA256.HashData(SHA256.HashData(Encoding.UTF8.GetBytes(key)), "verifier-webhook-v1"u8.ToArray());
        foreach (var request in requests)
        {
            Assert.AreEqual("POST", request.Method);
            Assert.AreEqual("/hooks/scan", request.Path);
            StringAssert.StartsWith(request.ContentType, "application/json");
            CollectionAssert.AreEqual(expectedBody, request.Body, "the webhook body is the GET /v1/scans/{id} object");
            AssertSigned(request, secret);
        }

        var attempts = await Stores.WebhookAttemptsAsync(data, id);
        CollectionAssert.AreEqual(new int?[] { 500, 503, 200 }, attempts.Select(a => a.StatusCode).ToArray());
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, attempts.Select(a => a.Attempt).ToArray());
        // Exponential backoff: the second wait is about twice the first (each at least its nominal length).
        var firstWait = requests[1].At - requests[0].At;
        var secondWait = requests[2].At - requests[1].At;
        Assert.IsGreaterThanOrEqualTo(FirstRetry * 0.9, firstWait);
        Assert.IsGreaterThanOrEqualTo(FirstRetry * 2 * 0.9, secondWait);
    }

    [TestMethod]
    public async Task AFailedScanIsDeliveredAndAReceiverThatNeverAnswersRunsOutOfAttempts()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var key = ServiceHost.CreateKey(data);
        var deadPort = LoopbackPort.Free();
        using var receiver = new WebhookReceiver(LoopbackPort.Free());
        await using var host = await ServiceHost.StartAsync(
            new ServerOptions { DataFolder = data, ModelPath = ServiceHost.WriteModel(folder), WebhookFirstRetry = TimeSpan.FromMilliseconds(20), WebhookAttempts = 3 });
        using var client = host.Client(key);
        var junk = folder.File("junk.bin");
        File.WriteAllBytes(junk, [.. Enumerable.Range(0, 3000).Select(i => (byte)(i * 13))]);

        var failed = (await ApiCalls.SubmitAsync(client, junk, "broken.mp4", callbackUrl: receiver.Url)).GetProperty("id").GetString()!;
        var lost = (await ApiCalls.SubmitAsync(client, junk, "again.mp4", callbackUrl: $"http://127.0.0.1:{deadPort}/hook")).GetProperty("id").GetString()!;

        Assert.AreEqual(WebhookState.Delivered, await Stores.WebhookSettledAsync(data, failed));
        var body = JsonDocument.Parse((await receiver.WaitForAsync(1))[0].Body).RootElement;
        Assert.AreEqual(failed, body.GetProperty("id").GetString());
        Assert.AreEqual("failed", body.GetProperty("status").GetString());
        StringAssert.StartsWith(body.GetProperty("error").GetString(), "broken.mp4: ");

        Assert.AreEqual(WebhookState.Failed, await Stores.WebhookSettledAsync(data, lost));
        var attempts = await Stores.WebhookAttemptsAsync(data, lost);
        Assert.HasCount(3, attempts, "bounded: exactly WebhookAttempts tries");
        Assert.IsTrue(attempts.All(a => a.StatusCode is null && !string.IsNullOrEmpty(a.Error)), string.Join("; ", attempts.Select(a => a.Error)));
    }

    [TestMethod]
    public async Task APendingDeliveryResumesAfterARestart()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var model = ServiceHost.WriteModel(folder);
        var key = ServiceHost.CreateKey(data);
        var port = LoopbackPort.Free();
        var png = Ffmpeg.Still(folder.File("green.png"), "color=c=0x00FF00:s=32x32,format=rgb24");
        string id;

        // Nothing listens yet: the first attempt fails and the next is a minute away when the server stops.
        await using (var first = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = model, WebhookFirstRetry = TimeSpan.FromMinutes(1) }))
        {
            using var client = first.Client(key);
            id = (await ApiCalls.SubmitAsync(client, png, callbackUrl: $"http://127.0.0.1:{port}/hooks/scan")).GetProperty("id").GetString()!;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await Stores.WebhookAttemptsAsync(data, id)).Count == 0)
            {
                Assert.IsLessThan(deadline, DateTime.UtcNow, "no first attempt within 30 s");
                await Task.Delay(20);
            }
        }

        using var receiver = new WebhookReceiver(port);
        // The stored next-attempt time is a minute ahead; rewind it as the clock would, so the second server is due at once.
        await using (var connection = Verifier.Server.Storage.Sqlite.SqliteDatabase.Open(data).Connect())
        await using (var rewind = connection.CreateCommand())
        {
            rewind.CommandText = "UPDATE webhook_deliveries SET next_attempt_at = '2000-01-01T00:00:00.0000000Z'";
            Assert.AreEqual(1, await rewind.ExecuteNonQueryAsync());
        }

        await using var second = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = model, WebhookFirstRetry = FirstRetry });
        Assert.AreEqual(WebhookState.Delivered, await Stores.WebhookSettledAsync(data, id));
        var attempts = await Stores.WebhookAttemptsAsync(data, id);
        Assert.HasCount(2, attempts);
        Assert.IsNull(attempts[0].StatusCode);
        Assert.AreEqual(200, attempts[1].StatusCode);
        Assert.AreEqual(id, JsonDocument.Parse(receiver.Requests.Single().Body).RootElement.GetProperty("id").GetString());
    }

    [TestMethod]
    public async Task AScanThatEndedWithoutItsDeliveryRecordedIsDeliveredAtTheNextStart()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var model = ServiceHost.WriteModel(folder);
        var key = ServiceHost.CreateKey(data);
        using var receiver = new WebhookReceiver(LoopbackPort.Free());
        var png = Ffmpeg.Still(folder.File("blue.png"), "color=c=0x0000FF:s=16x16,format=rgb24");
        string id;
        await using (var first = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = model, Workers = 0 }))
        {
            using var client = first.Client(key);
            id = (await ApiCalls.SubmitAsync(client, png, callbackUrl: receiver.Url)).GetProperty("id").GetString()!;
        }

        // As a process killed right after storing the end of the scan would leave it: ended, and no delivery row.
        var jobs = new Verifier.Server.Storage.Sql.SqlJobStore(Verifier.Server.Storage.Sqlite.SqliteDatabase.Open(data));
        var claim = await jobs.TryClaimAsync(id, CancellationToken.None);
        Assert.IsNotNull(claim);
        Assert.IsTrue(await jobs.FailAsync(claim, "blue.png: cut short", CancellationToken.None));
        Assert.AreEqual(0L, await Stores.CountAsync(data, "webhook_deliveries"));

        await using var second = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = model, Workers = 0 });
        Assert.AreEqual(WebhookState.Delivered, await Stores.WebhookSettledAsync(data, id));
        var body = JsonDocument.Parse(receiver.Requests.Single().Body).RootElement;
        Assert.AreEqual("failed", body.GetProperty("status").GetString());
        Assert.AreEqual("blue.png: cut short", body.GetProperty("error").GetString());
    }

    [TestMethod]
    public async Task ACallbackTheAllowListNoLongerTakesIsNotSentAndNotRetried()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var model = ServiceHost.WriteModel(folder);
        var key = ServiceHost.CreateKey(data);
        using var receiver = new WebhookReceiver(LoopbackPort.Free());
        var png = Ffmpeg.Still(folder.File("red.png"), "color=c=0xFF0000:s=16x16,format=rgb24");
        string id;
        await using (var first = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = model, Workers = 0, CallbackAllow = ["127.0.0.1"] }))
        {
            using var client = first.Client(key);
            id = (await ApiCalls.SubmitAsync(client, png, callbackUrl: receiver.Url)).GetProperty("id").GetString()!;
        }

        await using var second = await ServiceHost.StartAsync(new ServerOptions
        {
            DataFolder = data, ModelPath = model, CallbackAllow = ["hooks.example.org"], WebhookFirstRetry = TimeSpan.FromMilliseconds(20),
        });

        Assert.AreEqual(WebhookState.Failed, await Stores.WebhookSettledAsync(data, id));
        var attempt = (await Stores.WebhookAttemptsAsync(data, id)).Single();
        Assert.IsNull(attempt.StatusCode);
        Assert.AreEqual("not sent: callback URL host 127.0.0.1 is not on this server's callback allow-list", attempt.Error);
        Assert.IsEmpty(receiver.Requests);
    }

    [TestMethod]
    public async Task CallbacksThatAreNotHttpPointAtTheServiceOrAreOffTheAllowListAreRefused()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var key = ServiceHost.CreateKey(data);
        await using var host = await ServiceHost.StartAsync(new ServerOptions
        {
            DataFolder = data, ModelPath = ServiceHost.WriteModel(folder), Workers = 0, CallbackAllow = ["127.0.0.1", "*.hooks.example"],
        });
        using var client = host.Client(key);
        var png = Ffmpeg.Still(folder.File("red.png"), "color=c=0xFF0000:s=32x32,format=rgb24");
        var self = host.BaseAddress;

        foreach (var (url, why) in new[]
        {
            ("ftp://127.0.0.1/hook", "absolute http or https"),
            ("file:///etc/passwd", "absolute http or https"),
            ("/relative/hook", "absolute http or https"),
            ($"http://127.0.0.1:{self.Port}/v1/scans", "this service itself"),
            ($"http://localhost:{self.Port}/hook", "allow-list"),
            ("http://169.254.169.254/latest/meta-data", "allow-list"),
            ("http://user:pw@127.0.0.1:9/hook", "user name or password"),
        })
        {
            using var response = await client.PostAsync("/v1/scans", ApiCalls.Upload(png, callbackUrl: url));
            var body = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, $"{url}: {body}");
            StringAssert.Contains(body, why, url);
        }

        Assert.AreEqual(0L, await Stores.CountAsync(data, "scans"), "nothing stored for a refused upload");
        foreach (var url in new[] { "http://127.0.0.1:9/hook", "https://a.hooks.example/x" })
        {
            using var response = await client.PostAsync("/v1/scans", ApiCalls.Upload(png, callbackUrl: url));
            Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, url);
        }
    }

    /// <summary>t=UNIX,v1=HEX with HEX the HMAC-SHA256 of "UNIX." + body under the key's secret, and a recent stamp.</summary>
    private static void AssertSigned(WebhookReceiver.Received request, byte[] secret)
    {
        Assert.IsNotNull(request.Signature);
        var parts = request.Signature.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var stamp = long.Parse(parts["t"], CultureInfo.InvariantCulture);
        Assert.IsLessThan(60, Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - stamp), "a fresh timestamp");
        var signed = Encoding.ASCII.GetBytes(parts["t"] + ".").Concat(request.Body).ToArray();
        Assert.AreEqual(Convert.ToHexStringLower(HMACSHA256.HashData(secret, signed)), parts["v1"]);
    }
}
