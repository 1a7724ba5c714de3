using System.Diagnostics.Metrics;
using Verifier.Server.Storage;

namespace Verifier.Server.Telemetry;

/// <summary>
/// The service's own instruments on the <see cref="MeterName"/> meter, exported at <c>/metrics</c> in Prometheus text:
/// uploads accepted, scans ended by status, the queue depth (queued jobs in the store), scan durations and webhook
/// delivery attempts by outcome.
/// </summary>
public sealed class ServiceMetrics : IDisposable
{
    public const string MeterName = "Verifier.Server";

    private readonly Meter meter;
    private readonly Counter<long> uploads;
    private readonly Counter<long> scans;
    private readonly Histogram<double> scanSeconds;
    private readonly Counter<long> webhooks;

    public ServiceMetrics(IJobStore jobs)
    {
        meter = new Meter(MeterName);
        uploads = meter.CreateCounter<long>("verifier.uploads.accepted", description: "Uploads accepted by POST /v1/scans");
        scans = meter.CreateCounter<long>("verifier.scans", description: "Scans that ended, by status (done, failed)");
        scanSeconds = meter.CreateHistogram<double>("verifier.scan.duration", unit: "s", description: "Time to scan one file (stored results reused are not counted)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });
        webhooks = meter.CreateCounter<long>("verifier.webhook.deliveries", description: "Webhook delivery attempts, by outcome (delivered, retry, failed)");
        // Scrapes are rare; one COUNT on the store per scrape is the truthful depth, restarts included.
        meter.CreateObservableGauge("verifier.queue.depth", () => jobs.CountAsync(ScanStatus.Queued, CancellationToken.None).GetAwaiter().GetResult(),
            description: "Jobs queued and not yet running");
    }

    public void UploadAccepted() => uploads.Add(1);

    public void ScanEnded(ScanStatus status) => scans.Add(1, new KeyValuePair<string, object?>("status", status.Word()));

    public void ScanTook(TimeSpan elapsed) => scanSeconds.Record(elapsed.TotalSeconds);

    public void WebhookAttempted(string outcome) => webhooks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Dispose() => meter.Dispose();
}
