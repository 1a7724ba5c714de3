using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Verifier.Detector.Tests.Support;
using Verifier.Server.Tests.Support;

namespace Verifier.Server.Tests;

/// <summary>What the API refuses, and that a refusal leaves nothing behind: 401, 404, 413, 429 and hostile file names.</summary>
[TestClass]
public sealed class RefusalTests
{
    [TestMethod]
    public async Task EveryV1RouteNeedsAValidKeyAndHealthzDoesNot()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var key = ServiceHost.CreateKey(data);
        await using var host = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = ServiceHost.WriteModel(folder), Workers = 0 });
        var png = Ffmpeg.Still(folder.File("red.png"), "color=c=0xFF0000:s=32x32,format=rgb24");

        // The right shape with a wrong secret, an unknown id, no prefix, and another scheme.
        var forged = key[..^4] + (key.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        foreach (var credential in new[] { null, forged, "vk_0123456789abcdef_" + new string('x', 43), "not-a-key" })
        {
            using var client = host.Client(credential);
            using var get = await client.GetAsync("/v1/scans/scn_1");
            using var upperCase = await client.GetAsync("/V1/Scans/scn_1");
            using var post = await client.PostAsync("/v1/scans", ApiCalls.Upload(png));
            using var verify = await client.PostAsync("/v1/verify", ApiCalls.Upload(png));
            foreach (var response in new[] { get, upperCase, post, verify })
            {
                Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode, $"credential {credential ?? "(none)"}");
                Assert.AreEqual("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            }
        }

        using (var basic = host.Client())
        {
            basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", key);
            Assert.AreEqual(HttpStatusCode.Unauthorized, (await basic.GetAsync("/v1/scans/scn_1")).StatusCode);
        }

        using var anonymous = host.Client();
        Assert.AreEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        Assert.AreEqual(0L, await Stores.CountAsync(data, "scans"));
    }

    [TestMethod]
    public async Task AnotherKeysScanIsNotFound()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var (owner, stranger) = (ServiceHost.CreateKey(data), ServiceHost.CreateKey(data, "stranger"));
        await using var host = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = ServiceHost.WriteModel(folder) });
        using var ownerClient = host.Client(owner);
        using var strangerClient = host.Client(stranger);
        var png = Ffmpeg.Still(folder.File("red.png"), "color=c=0xFF0000:s=32x32,format=rgb24");
        var id = (await ApiCalls.SubmitAsync(ownerClient, png)).GetProperty("id").GetString()!;
        await ApiCalls.WaitAsync(ownerClient, id);

        foreach (var path in new[] { $"/v1/scans/{id}", $"/v1/scans/{id}/report", "/v1/scans/scn_000000000000000000000000" })
        {
            using var response = await strangerClient.GetAsync(path);
            Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode, path);
            Assert.DoesNotContain("red.png", await response.Content.ReadAsStringAsync());
        }

        Assert.AreEqual(HttpStatusCode.OK, (await ownerClient.GetAsync($"/v1/scans/{id}/report")).StatusCode);
    }

    [TestMethod]
    public async Task UploadsOverTheCapAre413AndLeaveNothingBehind()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var key = ServiceHost.CreateKey(data);
        const int Cap = 100_000;
        await using var host = await ServiceHost.StartAsync(
            new ServerOptions { DataFolder = data, ModelPath = ServiceHost.WriteModel(folder), MaxUploadBytes = Cap, Workers = 0 });
        using var client = host.Client(key);
        var big = folder.File("big.bin");
        File.WriteAllBytes(big, RandomNumberGeneratorBytes(Cap + 1));

        // With a Content-Length the server refuses before reading; without one (chunked) it counts while streaming.
        using var declared = await client.PostAsync("/v1/scans", ApiCalls.Upload(big));
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        var chunkedForm = new MultipartFormDataContent { { new StreamContent(new UnknownLengthStream(File.OpenRead(big))), "file", "big.bin" } };
        chunkedForm.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scans") { Content = chunkedForm };
        request.Headers.TransferEncodingChunked = true;
        using var streamed = await client.SendAsync(request);
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode, await streamed.Content.ReadAsStringAsync());

        Assert.IsEmpty(Directory.GetFiles(Path.Combine(data, "tmp")), "no staged upload left");
        Assert.IsEmpty(Directory.GetFiles(Path.Combine(data, "blobs"), "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).Length > Cap));
        Assert.AreEqual(0L, await Stores.CountAsync(data, "scans"));
    }

    [TestMethod]
    public async Task OverTheRateLimitIs429WithRetryAfter()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var (key, otherKey) = (ServiceHost.CreateKey(data), ServiceHost.CreateKey(data, "other"));
        await using var host = await ServiceHost.StartAsync(
            new ServerOptions { DataFolder = data, ModelPath = ServiceHost.WriteModel(folder), RequestsPerMinute = 3, Workers = 0 });
        using var client = host.Client(key);
        using var other = host.Client(otherKey);

        for (var i = 0; i < 3; i++)
        {
            Assert.AreEqual(HttpStatusCode.NotFound, (await client.GetAsync("/v1/scans/scn_x")).StatusCode);
        }

        using var limited = await client.GetAsync("/v1/scans/scn_x");
        Assert.AreEqual(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.IsTrue(retryAfter is >= 1 and <= 60, $"Retry-After {retryAfter}");
        Assert.AreEqual(HttpStatusCode.NotFound, (await other.GetAsync("/v1/scans/scn_x")).StatusCode, "each key has its own budget");
        Assert.AreEqual(HttpStatusCode.OK, (await host.Client().GetAsync("/healthz")).StatusCode);
    }

    [TestMethod]
    public async Task AFileNameIsALabelNeverAPath()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var key = ServiceHost.CreateKey(data);
        await using var host = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = ServiceHost.WriteModel(folder) });
        using var client = host.Client(key);
        var png = Ffmpeg.Still(folder.File("red.png"), "color=c=0xFF0000:s=32x32,format=rgb24");

        foreach (var (name, shown) in new[]
                 {
                     ("../../../escaped.png", "escaped.png"), ("..\\..\\win.png", "win.png"), ("..", "upload"), ("a\u0007b.png", "ab.png"),
                     ("/etc/passwd", "passwd"), ("C:\\Windows\\evil.png", "evil.png"), ("%2e%2e%2fpct.png", "%2e%2e%2fpct.png"),
                 })
        {
            var scan = await ApiCalls.WaitAsync(client, (await ApiCalls.SubmitAsync(client, png, name)).GetProperty("id").GetString()!);
            Assert.AreEqual(shown, scan.GetProperty("report").GetProperty("file").GetString(), name);
        }

        Assert.IsFalse(Directory.EnumerateFiles(folder.Path, "*escaped*", SearchOption.AllDirectories).Any());
        Assert.IsFalse(File.Exists(Path.GetFullPath(Path.Combine(data, "..", "..", "..", "escaped.png"))));
    }

    private static byte[] RandomNumberGeneratorBytes(int count) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(count);

    /// <summary>A stream that hides its length, so the client must send it chunked.</summary>
    private sealed class UnknownLengthStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
