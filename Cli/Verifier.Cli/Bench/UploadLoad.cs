using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Verifier.Cli.Bench;

/// <summary>
/// Sends <c>POST /v1/scans</c> uploads from a number of keep-alive clients at once, each upload a distinct picture of
/// random pixels (a BMP, so none is answered from a stored result and every one scans), and records each one's latency
/// and the scan id it was given.
/// </summary>
public sealed class UploadLoad(Uri server, string apiKey, int clients, int sizeBytes)
{
    /// <summary>Runs <paramref name="uploads"/> uploads; the elapsed time covers all of them, first sent to last answered.</summary>
    public async Task<LoadResult> RunAsync(int uploads, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5), UseProxy = false };
        using var http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var latencies = new ConcurrentBag<double>();
        var ids = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var payload = RandomBitmap.Header(sizeBytes);
            while (Interlocked.Increment(ref next) < uploads)
            {
                Random.Shared.NextBytes(payload.AsSpan(RandomBitmap.HeaderBytes));
                var started = Stopwatch.GetTimestamp();
                var (id, failure) = await SendAsync(http, payload, ct).ConfigureAwait(false);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (id is not null)
                {
                    ids.Add(id);
                }
                else
                {
                    failures.Add(failure!);
                }
            }
        })).ConfigureAwait(false);
        watch.Stop();
        return new LoadResult(watch.Elapsed, [.. latencies.Order()], [.. ids], [.. failures]);
    }

    private static async Task<(string? Id, string? Failure)> SendAsync(HttpClient http, byte[] payload, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(payload);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "upload.bmp");
        try
        {
            using var response = await http.PostAsync("/v1/scans", form, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.Accepted
                ? (JsonDocument.Parse(body).RootElement.GetProperty("id").GetString(), null)
                : (null, $"{(int)response.StatusCode}: {body}");
        }
        catch (HttpRequestException e)
        {
            return (null, e.Message);
        }
    }
}

/// <summary>What a load run saw: the wall time, each upload's latency in ms (sorted), the ids given and the refusals.</summary>
public sealed record LoadResult(TimeSpan Elapsed, IReadOnlyList<double> LatenciesMs, IReadOnlyList<string> Ids, IReadOnlyList<string> Failures)
{
    public double AcceptedPerSecond => Ids.Count / Elapsed.TotalSeconds;

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0..100) of the latencies.</summary>
    public double Percentile(double p) =>
        LatenciesMs.Count == 0 ? double.NaN : LatenciesMs[Math.Clamp((int)Math.Ceiling(p / 100 * LatenciesMs.Count) - 1, 0, LatenciesMs.Count - 1)];
}
