using System.Net;
using System.Text;
using Verifier.Cli.Tests.Support;
using Verifier.Detector.Tests.Support;
using Verifier.Server.Tests.Support;

namespace Verifier.Server.Tests.Robustness;

/// <summary>
/// Request bodies the multipart fuzz target (fuzz/, target <c>multipart</c>) found crashing the upload reader, replayed
/// against the real service: each is the Content-Type line, then the body. A multipart body that ends before its closing
/// boundary once escaped as an IOException (500); it must be a 400 that leaves no staged file and no scan behind.
/// </summary>
[TestClass]
public sealed class UploadCrashRegressionTests
{
    public static IEnumerable<object[]> Crashes() =>
        Directory.GetFiles(Path.Combine(RepoRoot.Path, "tests", "Verifier.Server.Tests", "Robustness", "crashes"), "*.bin")
            .Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    [TestMethod]
    [DynamicData(nameof(Crashes))]
    public async Task CrashingBodiesAreRefusedWith400(string crash)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoRoot.Path, "tests", "Verifier.Server.Tests", "Robustness", "crashes", crash));
        int newline = Array.IndexOf(bytes, (byte)'\n');
        var contentType = Encoding.Latin1.GetString(bytes, 0, newline).TrimEnd('\r');
        using var folder = new TempFolder();
        var data = folder.File("data");
        var key = ServiceHost.CreateKey(data);
        await using var host = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = ServiceHost.WriteModel(folder), Workers = 0 });
        using var client = host.Client(key);

        foreach (var route in new[] { "/v1/verify", "/v1/scans" })
        {
            using var body = new ByteArrayContent(bytes, newline + 1, bytes.Length - newline - 1);
            Assert.IsTrue(body.Headers.TryAddWithoutValidation("Content-Type", contentType));
            using var response = await client.PostAsync(route, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, $"{route}: {text}");
            Assert.Contains("malformed multipart body", text, route);
        }

        Assert.IsEmpty(Directory.GetFiles(Path.Combine(data, "tmp")), "no staged upload left");
        Assert.AreEqual(0L, await Stores.CountAsync(data, "scans"));
    }
}
