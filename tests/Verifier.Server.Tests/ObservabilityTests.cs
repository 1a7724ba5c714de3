using System.Globalization;
using System.Net;
using System.Text.Json;
using Verifier.Detector.Tests.Support;
using Verifier.Server.Tests.Support;

namespace Verifier.Server.Tests;

/// <summary>
/// <c>/openapi/v1.json</c> describes the routes a client uses, and <c>/metrics</c> counts what the test itself did: uploads,
/// scans done and failed, the queue, scan durations and webhook attempts, each read from the Prometheus text.
/// </summary>
[TestClass]
public sealed class ObservabilityTests
{
    [TestMethod]
    public async Task TheOpenApiDocumentDescribesTheRoutesWithoutAKey()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        await using var host = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = ServiceHost.WriteModel(folder), Workers = 0 });
        using var anonymous = host.Client();

        using var response = await anonymous.GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
        var document = JsonDocument.Parse(text).RootElement;
        StringAssert.StartsWith(document.GetProperty("openapi").GetString(), "3.");
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/v1/scans", "post"), ("/v1/scans/{id}", "get"), ("/v1/scans/{id}/report", "get"), ("/v1/verify", "post"), ("/healthz", "get"),
        })
        {
            Assert.IsTrue(paths.TryGetProperty(path, out var item), $"{path} is described");
            Assert.IsTrue(item.TryGetProperty(method, out var operation), $"{method} {path} is described");
            Assert.IsFalse(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{method} {path} has a summary");
        }

        Assert.IsTrue(paths.GetProperty("/v1/scans").GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        Assert.IsFalse(paths.TryGetProperty("/", out _), "the web page is not an API route");
        Assert.AreEqual("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey").GetProperty("scheme").GetString());
    }

    [TestMethod]
    public async Task MetricsCountUploadsScansQueueDurationsAndWebhooks()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var key = ServiceHost.CreateKey(data);
        using var receiver = new WebhookReceiver(LoopbackPort.Free(), 500);
        await using var host = await ServiceHost.StartAsync(new ServerOptions
        {
            DataFolder = data, ModelPath = ServiceHost.WriteModel(folder), WebhookFirstRetry = TimeSpan.FromMilliseconds(50),
        });
        using var client = host.Client(key);
        using var anonymous = host.Client();
        var clip = Ffmpeg.LosslessClip(folder.File("red.mp4"), "color=c=0xFF0000:s=64x64:r=10:d=1,format=rgb24");
        var junk = folder.File("junk.bin");
        File.WriteAllBytes(junk, [.. Enumerable.Range(0, 2000).Select(i => (byte)(i * 11))]);

        var done = (await ApiCalls.SubmitAsync(client, clip, callbackUrl: receiver.Url)).GetProperty("id").GetString()!;
        var failed = (await ApiCalls.SubmitAsync(client, junk)).GetProperty("id").GetString()!;
        await ApiCalls.WaitAsync(client, done);
        await ApiCalls.WaitAsync(client, failed);
        var reused = await ApiCalls.SubmitAsync(client, clip, "again.mp4");
        Assert.AreEqual("done", reused.GetProperty("status").GetString());
        await Stores.WebhookSettledAsync(data, done);

        var metrics = await ReadMetricsAsync(anonymous);

        Assert.AreEqual(3, metrics.Value("verifier_uploads_accepted_total"));
        Assert.AreEqual(2, metrics.Value("verifier_scans_total", "status=\"done\""), "one scanned, one reused");
        Assert.AreEqual(1, metrics.Value("verifier_scans_total", "status=\"failed\""));
        Assert.AreEqual(0, metrics.Value("verifier_queue_depth"));
        Assert.AreEqual(1, metrics.Value("verifier_scan_duration_seconds_count"), "the reused result was not scanned");
        Assert.IsGreaterThan(0, metrics.Value("verifier_scan_duration_seconds_sum"));
        Assert.AreEqual(1, metrics.Value("verifier_scan_duration_seconds_bucket", "le=\"+Inf\""));
        Assert.AreEqual(1, metrics.Value("verifier_webhook_deliveries_total", "outcome=\"retry\""));
        Assert.AreEqual(1, metrics.Value("verifier_webhook_deliveries_total", "outcome=\"delivered\""));
    }

    [TestMethod]
    public async Task TheQueueDepthIsTheJobsWaiting()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var key = ServiceHost.CreateKey(data);
        await using var host = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = ServiceHost.WriteModel(folder), Workers = 0 });
        using var client = host.Client(key);
        using var anonymous = host.Client();
        foreach (var colour in new[] { "0xFF0000", "0x00FF00", "0x0000FF" })
        {
            await ApiCalls.SubmitAsync(client, Ffmpeg.Still(folder.File($"{colour}.png"), $"color=c={colour}:s=16x16,format=rgb24"));
        }

        var metrics = await ReadMetricsAsync(anonymous);

        Assert.AreEqual(3, metrics.Value("verifier_queue_depth"));
        Assert.AreEqual(3, metrics.Value("verifier_uploads_accepted_total"));
    }

    private static async Task<PrometheusText> ReadMetricsAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
        StringAssert.StartsWith(response.Content.Headers.ContentType?.MediaType, "text/plain");
        return new PrometheusText(text);
    }

    /// <summary>Samples of the text exposition format: <c>name{labels} value</c>, one a line, # lines skipped.</summary>
    private sealed class PrometheusText(string text)
    {
        public double Value(string name, string? label = null)
        {
            var samples = text.Split('\n')
                .Where(line => !line.StartsWith('#') && (line.StartsWith(name + " ", StringComparison.Ordinal) || line.StartsWith(name + "{", StringComparison.Ordinal)))
                .Where(line => label is null || line.Contains(label, StringComparison.Ordinal))
                .ToList();
            Assert.HasCount(1, samples, $"one sample of {name} {label}:\n{text}");
            var fields = samples[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // A sample may end with a timestamp after the value.
            return double.Parse(fields[samples[0].Contains('}') ? Array.FindIndex(fields, f => f.EndsWith('}')) + 1 : 1], CultureInfo.InvariantCulture);
        }
    }
}
