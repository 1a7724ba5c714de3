using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Verifier.Detector.Reports;
using Verifier.Detector.Scanning;
using Verifier.Detector.Scoring;
using Verifier.Detector.Tests.Support;
using Verifier.Server.Tests.Support;

namespace Verifier.Server.Tests;

/// <summary>
/// Scans through the HTTP API of a real server: what comes back must be the report <see cref="Scanner"/> gives for the same
/// file, and both must agree with the colour maths (<see cref="ColourModel"/>) and the file's SHA-256 computed here.
/// </summary>
[TestClass]
public sealed class ScanApiTests
{
    [TestMethod]
    [DataRow(Backends.Sqlite)]
    [DataRow(Backends.Postgres)]
    public async Task ClipAndImageScansMatchTheScannerAndHaveTheirPage(string backend)
    {
        using var folder = new TempFolder();
        var model = ServiceHost.WriteModel(folder);
        var data = folder.File("data");
        var postgres = await Backends.ConnectionAsync(backend);
        var key = ServiceHost.CreateKey(data, postgres: postgres);
        await using var host = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = model, Postgres = postgres });
        using var client = host.Client(key);
        var clip = Ffmpeg.LosslessClip(folder.File("red.mp4"), "color=c=0xFF0000:s=64x64:r=10:d=1,format=rgb24");
        var still = Ffmpeg.Still(folder.File("green.png"), "color=c=0x00FF00:s=64x64,format=rgb24");

        var submitted = new[] { (clip, ColourModel.Red, await ApiCalls.SubmitAsync(client, clip)), (still, ColourModel.Green, await ApiCalls.SubmitAsync(client, still)) };
        using var detector = DetectorModel.Load(model);
        foreach (var (path, colour, answer) in submitted)
        {
            var id = answer.GetProperty("id").GetString()!;
            Assert.AreEqual($"/v1/scans/{id}", answer.GetProperty("url").GetString());
            Assert.AreEqual("queued", answer.GetProperty("status").GetString());
            var scan = await ApiCalls.WaitAsync(client, id);
            Assert.AreEqual("done", scan.GetProperty("status").GetString(), scan.ToString());
            Assert.AreEqual(JsonValueKind.Null, scan.GetProperty("error").ValueKind);
            var report = scan.GetProperty("report");

            var expected = ColourModel.Probability(ColourModel.Logit(colour));
            Assert.AreEqual(expected, report.GetProperty("p_ai").GetDouble(), 1e-4, path);
            Assert.AreEqual(ColourModel.Verdict(expected), report.GetProperty("verdict").GetString());
            Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), report.GetProperty("sha256").GetString());
            Assert.AreEqual(Path.GetFileName(path), report.GetProperty("file").GetString(), "the upload's name, not a server path");

            var direct = (await new Scanner(detector, null, new ScanOptions()).ScanAsync(path)).Report;
            Assert.AreEqual(direct.ProbabilityOfAi, report.GetProperty("p_ai").GetDouble(), 1e-12);
            Assert.AreEqual(direct.Verdict, report.GetProperty("verdict").GetString());
            Assert.AreEqual(direct.Sha256, report.GetProperty("sha256").GetString());
            Assert.AreEqual(direct.MediaType, report.GetProperty("media_type").GetString());
            Assert.AreEqual(direct.Frames.Count, report.GetProperty("frames").GetArrayLength());
            CollectionAssert.AreEqual(Names(JsonDocument.Parse(ScanReportJson.Serialize(direct)).RootElement), Names(report), "exactly the scan --json object");

            using var page = await client.GetAsync($"/v1/scans/{id}/report");
            var html = await page.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.OK, page.StatusCode, html);
            Assert.AreEqual("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.AreEqual(ScanReportHtml.ContentSecurityPolicy, page.Headers.GetValues("Content-Security-Policy").Single());
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.Contains(direct.Sha256, html);
            Assert.Contains(Path.GetFileName(path), html);
            Assert.Contains("data:image/jpeg;base64,", html, "the stored key-frame pictures are on the page");
        }

        var audit = await Stores.AuditAsync(data, postgres);
        CollectionAssert.IsSubsetOf(
            submitted.Select(s => ("scan.submit", Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(s.Item1))))).ToList(),
            audit.Select(e => (e.Action, e.Sha256)).ToList());
    }

    [TestMethod]
    [DataRow(Backends.Sqlite)]
    [DataRow(Backends.Postgres)]
    public async Task IdenticalUploadsShareOneResultUnderEachUploadsOwnName(string backend)
    {
        using var folder = new TempFolder();
        var model = ServiceHost.WriteModel(folder);
        var data = folder.File("data");
        var postgres = await Backends.ConnectionAsync(backend);
        var (key, otherKey) = (ServiceHost.CreateKey(data, postgres: postgres), ServiceHost.CreateKey(data, "other", postgres));
        await using var host = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = model, Postgres = postgres });
        using var client = host.Client(key);
        using var other = host.Client(otherKey);
        var clip = Ffmpeg.LosslessClip(folder.File("first-name.mp4"), "color=c=0x0000FF:s=64x64:r=10:d=1,format=rgb24");

        var first = await ApiCalls.WaitAsync(client, (await ApiCalls.SubmitAsync(client, clip)).GetProperty("id").GetString()!);
        var again = await ApiCalls.SubmitAsync(client, clip, "second-name.mp4");
        var stranger = await ApiCalls.SubmitAsync(other, clip, "theirs.mp4");

        foreach (var (answer, owner, name) in new[] { (again, client, "second-name.mp4"), (stranger, other, "theirs.mp4") })
        {
            Assert.AreEqual("done", answer.GetProperty("status").GetString(), "a stored result is reused at once");
            var report = (await ApiCalls.GetAsync(owner, answer.GetProperty("id").GetString()!)).GetProperty("report");
            Assert.AreEqual(first.GetProperty("report").GetProperty("analyzed_at").GetString(), report.GetProperty("analyzed_at").GetString(), "not scanned again");
            Assert.AreEqual(name, report.GetProperty("file").GetString(), "each upload sees its own name, never another client's");
        }

        Assert.AreEqual(1L, await Stores.CountAsync(data, "results", postgres));
    }

    [TestMethod]
    [DataRow(Backends.Sqlite)]
    [DataRow(Backends.Postgres)]
    public async Task AnIdempotencyKeyGivesTheSameScanForTheSameApiKeyOnly(string backend)
    {
        using var folder = new TempFolder();
        var model = ServiceHost.WriteModel(folder);
        var data = folder.File("data");
        var postgres = await Backends.ConnectionAsync(backend);
        var (key, otherKey) = (ServiceHost.CreateKey(data, postgres: postgres), ServiceHost.CreateKey(data, "other", postgres));
        await using var host = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = model, Workers = 0, Postgres = postgres });
        using var client = host.Client(key);
        using var other = host.Client(otherKey);
        var red = Ffmpeg.Still(folder.File("red.png"), "color=c=0xFF0000:s=32x32,format=rgb24");
        var blue = Ffmpeg.Still(folder.File("blue.png"), "color=c=0x0000FF:s=32x32,format=rgb24");

        var first = await ApiCalls.SubmitAsync(client, red, idempotencyKey: "order-17");
        var retried = await ApiCalls.SubmitAsync(client, blue, idempotencyKey: "order-17");
        var otherKeys = await ApiCalls.SubmitAsync(other, red, idempotencyKey: "order-17");
        var fresh = await ApiCalls.SubmitAsync(client, red, idempotencyKey: "order-18");

        Assert.AreEqual(first.GetProperty("id").GetString(), retried.GetProperty("id").GetString());
        Assert.AreNotEqual(first.GetProperty("id").GetString(), otherKeys.GetProperty("id").GetString());
        Assert.AreNotEqual(first.GetProperty("id").GetString(), fresh.GetProperty("id").GetString());
        Assert.AreEqual(3L, await Stores.CountAsync(data, "scans", postgres));
    }

    [TestMethod]
    [DataRow(Backends.Sqlite)]
    [DataRow(Backends.Postgres)]
    public async Task AFileThatIsNotMediaFailsWithItsNameAndTheProblem(string backend)
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var postgres = await Backends.ConnectionAsync(backend);
        var key = ServiceHost.CreateKey(data, postgres: postgres);
        await using var host = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = ServiceHost.WriteModel(folder), Postgres = postgres });
        using var client = host.Client(key);
        var junk = folder.File("junk.bin");
        File.WriteAllBytes(junk, [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))]);

        var scan = await ApiCalls.WaitAsync(client, (await ApiCalls.SubmitAsync(client, junk, "holiday.mp4")).GetProperty("id").GetString()!);

        Assert.AreEqual("failed", scan.GetProperty("status").GetString());
        Assert.AreEqual(JsonValueKind.Null, scan.GetProperty("report").ValueKind);
        var error = scan.GetProperty("error").GetString()!;
        Assert.StartsWith("holiday.mp4: ", error);
        Assert.DoesNotContain(data, error, "no server path in the answer");
        using var page = await client.GetAsync($"/v1/scans/{scan.GetProperty("id").GetString()}/report");
        Assert.AreEqual(HttpStatusCode.Conflict, page.StatusCode);
    }

    private static List<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
