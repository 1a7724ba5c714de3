using System.Net;
using System.Text.Json;
using Verifier.Detector.Tests.Support;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Validation;
using Verifier.Cli.Tests.Support;
using Verifier.Server.Tests.Support;

namespace Verifier.Server.Tests;

/// <summary>
/// <c>POST /v1/verify</c> on the shipped samples with their root as trust: the states and failure codes c2pa-rs gave for
/// them (samples/EXPECTED.tsv), in the <c>verify --json</c> shape, under the upload's name.
/// </summary>
[TestClass]
public sealed class VerifyApiTests
{
    [TestMethod]
    public async Task SamplesVerifyAsC2paRsSaysWithTheSamplesRootTrusted()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var key = ServiceHost.CreateKey(data);
        var trust = TrustSettingsLoader.FromPemFiles(Path.Combine(RepoRoot.Samples, "root.pem"), null, null, null);
        await using var host = await ServiceHost.StartAsync(
            new ServerOptions { DataFolder = data, ModelPath = ServiceHost.WriteModel(folder), Trust = trust, Workers = 0 });
        using var client = host.Client(key);

        foreach (var (file, state, failure) in new[] { ("signed/photo.jpg", "Trusted", ""), ("tampered.jpg", "Invalid", "assertion.dataHash.mismatch") })
        {
            Assert.Contains($"{Path.GetFileName(file)}\t{state}\t{failure}", File.ReadAllText(Path.Combine(RepoRoot.Samples, "EXPECTED.tsv")));
            using var response = await client.PostAsync("/v1/verify", ApiCalls.Upload(Path.Combine(RepoRoot.Samples, file), "upload.jpg"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body);
            var json = JsonDocument.Parse(body).RootElement;
            Assert.AreEqual("upload.jpg", json.GetProperty("file").GetString());
            Assert.AreEqual(state, json.GetProperty("validation_state").GetString(), body);
            var failures = json.GetProperty("status").GetProperty("failure").EnumerateArray().Select(e => e.GetString()).ToList();
            CollectionAssert.AreEqual(failure.Length == 0 ? new List<string>() : [failure], failures, body);
            Assert.IsNotEmpty(json.GetProperty("manifests").EnumerateArray().ToList());
        }

        Assert.IsEmpty(Directory.GetFiles(Path.Combine(data, "tmp")), "verified uploads are not kept");
        Assert.AreEqual(2, (await Stores.AuditAsync(data)).Count(e => e.Action == "verify"));
    }

    [TestMethod]
    public async Task WithoutTrustTheSignedPhotoIsOnlyValid()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var key = ServiceHost.CreateKey(data);
        await using var host = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = ServiceHost.WriteModel(folder), Workers = 0 });
        using var client = host.Client(key);

        using var response = await client.PostAsync("/v1/verify", ApiCalls.Upload(Path.Combine(RepoRoot.Samples, "signed", "photo.jpg")));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.AreEqual(nameof(ValidationState.Valid), json.GetProperty("validation_state").GetString());
        Assert.Contains("signingCredential.untrusted", json.GetProperty("status").GetProperty("failure").ToString());

        var junk = folder.File("junk.bin");
        File.WriteAllBytes(junk, [.. Enumerable.Range(0, 300).Select(i => (byte)i)]);
        using var unreadable = await client.PostAsync("/v1/verify", ApiCalls.Upload(junk, "notes.jpg"));
        var answer = JsonDocument.Parse(await unreadable.Content.ReadAsStringAsync()).RootElement;
        Assert.AreEqual(HttpStatusCode.OK, unreadable.StatusCode);
        Assert.AreEqual(nameof(ValidationState.Unreadable), answer.GetProperty("validation_state").GetString());
        Assert.IsFalse(string.IsNullOrWhiteSpace(answer.GetProperty("error").GetString()));
        Assert.DoesNotContain(data, answer.ToString(), "no server path in the answer");
    }
}
