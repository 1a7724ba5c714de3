using System.Net.Http.Headers;
using System.Text.Json;

namespace Verifier.Server.Tests.Support;

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
    public static async Task<JsonElement> SubmitAsync(
        HttpClient client, string path, string? fileName = null, string? idempotencyKey = null, string? callbackUrl = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scans") { Content = Upload(path, fileName, callbackUrl) };
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
