using System.Net.Http.Headers;
using System.Text.Json;
using Verifier.Cli;
using Verifier.Detector.Tests.Support;
using Verifier.Provenance;
using Verifier.Server;

namespace Verifier.Server.Tests.Support;

/// <summary>
/// The real service on a loopback port Kestrel picks, over a data folder, with the mean-colour model; clients talk HTTP to it.
/// Keys are made the way an operator makes them: through <c>verifier keys api create</c>, in-process.
/// </summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private readonly VerifierServer server;

    private ServiceHost(VerifierServer server)
    {
        this.server = server;
        BaseAddress = new Uri(server.Urls.Single());
    }

    public Uri BaseAddress { get; }

    public static async Task<ServiceHost> StartAsync(ServerOptions options) =>
        new(await VerifierServer.StartAsync(options with { Urls = "http://127.0.0.1:0" }));

    /// <summary>The mean-colour model of the scan tests (tile 32), written into <paramref name="folder"/>; returns its path.</summary>
    public static string WriteModel(TempFolder folder)
    {
        ColourModel.Load(folder, 32).Dispose();
        return folder.File("colour.onnx");
    }

    /// <summary>Runs <c>verifier keys api create --data DIR</c> and returns the last line it printed: the key.</summary>
    public static string CreateKey(string dataFolder, string name = "test")
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = new CliApp(new CliContext(output, error, Reader.Validate, ansi: false)).Run(["keys", "api", "create", "--data", dataFolder, "--name", name]);
        Assert.AreEqual(0, code, error.ToString());
        return output.ToString().TrimEnd().Split('\n')[^1].Trim();
    }

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}

/// <summary>The API calls the tests make, with the answers parsed.</summary>
internal static class ApiCalls
{
    public static MultipartFormDataContent Upload(string path, string? fileName = null, string? callbackUrl = null)
    {
        var form = new MultipartFormDataContent();
        var file = new StreamContent(File.OpenRead(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName ?? Path.GetFileName(path));
        if (callbackUrl is not null)
        {
            form.Add(new StringContent(callbackUrl), "callback_url");
        }

        return form;
    }

    /// <summary>POST /v1/scans; asserts 202 and returns the answer.</summary>
    public static async Task<JsonElement> SubmitAsync(HttpClient client, string path, string? fileName = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scans") { Content = Upload(path, fileName) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(System.Net.HttpStatusCode.Accepted, response.StatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/v1/scans/{id}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(System.Net.HttpStatusCode.OK, response.StatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Polls until the scan is done or failed (at most a minute).</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var scan = await GetAsync(client, id);
            var status = scan.GetProperty("status").GetString();
            if (status is "done" or "failed")
            {
                return scan;
            }

            Assert.IsLessThan(deadline, DateTime.UtcNow, $"scan {id} still {status} after a minute");
            await Task.Delay(50);
        }
    }
}
