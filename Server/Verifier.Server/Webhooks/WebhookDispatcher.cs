using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Verifier.Server.Api;
using Verifier.Server.Storage;
using Verifier.Server.Telemetry;

namespace Verifier.Server.Webhooks;

/// <summary>
/// Delivers pending webhooks: the scan's <c>GET /v1/scans/{id}</c> object, signed with its key's secret, POSTed to its
/// callback URL. A 2xx answer delivers it; anything else is retried after <see cref="ServerOptions.WebhookFirstRetry"/>,
/// doubling each time, until <see cref="ServerOptions.WebhookAttempts"/> attempts have been made. Every attempt is logged
/// in the store, and pending deliveries are read from the store, so a restart resumes them (and records those a stop cut
/// off between a scan's end and its delivery).
/// </summary>
internal sealed class WebhookDispatcher(
    IWebhookStore store, IJobStore jobs, IApiKeyStore keys, ScanReports reports, WebhookOutbox outbox, WebhookSender sender,
    CallbackPolicy policy, ServiceMetrics metrics, ServerOptions options, ILogger<WebhookDispatcher> log) : BackgroundService
{
    // Deliveries in flight at once; a slow receiver holds one slot for at most the timeout.
    private const int Batch = 16;
    // An error that starts so was decided here, not by the receiver: trying again would not change it.
    private const string Refused = "not sent";
    private static readonly TimeSpan LongestIdle = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StoreRetry = TimeSpan.FromSeconds(1);

    // A taken delivery is held for one attempt's timeout plus this, time enough to record the attempt.
    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await store.RecoverAsync(stoppingToken).ConfigureAwait(false);
            while (!stoppingToken.IsCancellationRequested)
            {
                var due = await store.ClaimDueAsync(DateTimeOffset.UtcNow, options.WebhookTimeout + ClaimMargin, Batch, stoppingToken).ConfigureAwait(false);
                if (due.Count > 0)
                {
                    await Task.WhenAll(due.Select(d => AttemptAsync(d, stoppingToken))).ConfigureAwait(false);
                    continue;
                }

                var next = await store.NextDueAsync(stoppingToken).ConfigureAwait(false);
                var wait = next is null ? LongestIdle : TimeSpan.FromTicks(Math.Clamp((next.Value - DateTimeOffset.UtcNow).Ticks, 0, LongestIdle.Ticks));
                await outbox.WaitAsync(wait, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: pending deliveries stay pending in the store.
        }
    }

    private async Task AttemptAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        var attempt = delivery.Attempts + 1;
        int? code;
        string? error;
        try
        {
            (code, error) = await PostAsync(delivery, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogError(e, "webhook for scan {Scan} could not be prepared", delivery.ScanId);
            (code, error) = (null, "internal error while preparing the webhook; the server log has the details");
        }

        var delivered = code is >= 200 and < 300;
        var final = delivered || attempt >= options.WebhookAttempts || code is null && error is not null && error.StartsWith(Refused, StringComparison.Ordinal);
        try
        {
            await store.RecordAsync(
                new WebhookAttempt(delivery.ScanId, attempt, DateTimeOffset.UtcNow, code, error),
                delivered ? WebhookState.Delivered : final ? WebhookState.Failed : WebhookState.Pending,
                DateTimeOffset.UtcNow + Backoff(attempt),
                CancellationToken.None).ConfigureAwait(false);
            metrics.WebhookAttempted(delivered ? "delivered" : final ? "failed" : "retry");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The store itself failed: the delivery stays pending; a pause keeps the loop from spinning on it.
            log.LogError(e, "webhook attempt for scan {Scan} could not be recorded", delivery.ScanId);
            await Task.Delay(StoreRetry, ct).ConfigureAwait(false);
        }
    }

    private async Task<(int? StatusCode, string? Error)> PostAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        // The policy may have changed since the upload (a restart with another allow-list): check again before sending.
        var url = policy.Accept(delivery.Url, out var problem);
        if (url is null)
        {
            return (null, $"{Refused}: callback URL {problem}");
        }

        var job = await jobs.FindAsync(delivery.ScanId, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"scan {delivery.ScanId} is gone");
        var secret = await keys.WebhookSecretAsync(job.KeyId, ct).ConfigureAwait(false);
        if (secret is null)
        {
            return (null, $"{Refused}: the API key of the scan no longer exists");
        }

        var body = Encoding.UTF8.GetBytes(await reports.StatusJsonAsync(job, ct).ConfigureAwait(false));
        return await sender.PostAsync(url, job.Id, body, secret, ct).ConfigureAwait(false);
    }

    private TimeSpan Backoff(int attempt) => options.WebhookFirstRetry * Math.Pow(2, Math.Min(attempt - 1, 16));
}
