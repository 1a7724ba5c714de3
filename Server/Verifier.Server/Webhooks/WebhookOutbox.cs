using Verifier.Server.Storage;

namespace Verifier.Server.Webhooks;

/// <summary>
/// Where an ended scan's webhook is put: a pending delivery in the store (so it survives a restart), then a nudge to the
/// dispatcher so it does not wait for its next look at the store.
/// </summary>
public sealed class WebhookOutbox(IWebhookStore store)
{
    private readonly SemaphoreSlim nudge = new(0);

    /// <summary>Records the delivery when <paramref name="job"/> has a callback URL and has ended; does nothing otherwise.</summary>
    public async Task ScanEndedAsync(ScanJob job, CancellationToken ct)
    {
        if (job.CallbackUrl is null || job.Status is not (ScanStatus.Done or ScanStatus.Failed))
        {
            return;
        }

        if (await store.AddAsync(job.Id, job.CallbackUrl, ct).ConfigureAwait(false))
        {
            nudge.Release();
        }
    }

    /// <summary>Waits for a new delivery or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => nudge.WaitAsync(timeout, ct);
}
