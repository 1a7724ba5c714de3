using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Verifier.Detector.Reports;
using Verifier.Detector.Scanning;
using Verifier.Server.Storage;
using Verifier.Server.Telemetry;
using Verifier.Server.Webhooks;

namespace Verifier.Server.Jobs;

/// <summary>
/// Runs one queued job: claim it, reuse the stored result for the same bytes and model or scan the blob, store the result
/// once, and mark the job done or failed. While it runs, the claim's lease is renewed every third of its length. A job
/// cut short by a stop stays running in the store and is queued again at the next start (or, shared, when its lease ends).
/// </summary>
public sealed class ScanJobRunner(
    IJobStore jobs, IBlobStore blobs, ScanEngine engine, WebhookOutbox webhooks, ServiceMetrics metrics, ILogger<ScanJobRunner> log)
{
    /// <summary>
    /// Runs job <paramref name="jobId"/> unless another worker has it or it ended. A <paramref name="redelivered"/> id (its
    /// first worker died) may find the job still running under the dead worker's lease: it waits for the lease to run out.
    /// </summary>
    public async Task RunAsync(string jobId, bool redelivered, CancellationToken ct)
    {
        if (await ClaimAsync(jobId, redelivered, ct).ConfigureAwait(false) is not { } claim)
        {
            return;
        }

        var job = await jobs.FindAsync(jobId, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"claimed scan {jobId} vanished");
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewal = RenewAsync(claim, renewing.Token);
        try
        {
            var result = await jobs.ReuseResultAsync(job.Sha256, engine.ModelSha256, ct).ConfigureAwait(false)
                ?? await ScanAndStoreAsync(job, ct).ConfigureAwait(false);
            if (await jobs.CompleteAsync(claim, result.Id, ct).ConfigureAwait(false))
            {
                await EndedAsync(job with { Status = ScanStatus.Done, ResultId = result.Id }).ConfigureAwait(false);
            }
            else
            {
                LogStale(claim, "done");
            }
        }
        catch (ScanException e)
        {
            // The upload's name stands for the blob's path (ffprobe quotes it too): server paths are no business of the client.
            var problem = e.Problem.Replace(e.FilePath, job.FileName, StringComparison.Ordinal);
            await FailAsync(claim, job, $"{job.FileName}: {problem}").ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogError(e, "scan {Job} failed", jobId);
            await FailAsync(claim, job, "internal error while scanning; the server log has the details").ConfigureAwait(false);
        }
        finally
        {
            await renewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }
    }

    private async Task<JobClaim?> ClaimAsync(string jobId, bool waitForLease, CancellationToken ct)
    {
        JobClaim? claim;
        while ((claim = await jobs.TryClaimAsync(jobId, ct).ConfigureAwait(false)) is null)
        {
            if (!waitForLease || (await jobs.FindAsync(jobId, ct).ConfigureAwait(false))?.Status != ScanStatus.Running)
            {
                return null;
            }

            await Task.Delay(jobs.Lease / 4, ct).ConfigureAwait(false);
        }

        return claim;
    }

    private async Task RenewAsync(JobClaim claim, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(jobs.Lease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    if (!await jobs.RenewAsync(claim, ct).ConfigureAwait(false))
                    {
                        log.LogWarning("scan {Job} lost its lease (claim {Token} is no longer the job's latest)", claim.JobId, claim.Token);
                        return;
                    }
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    log.LogWarning(e, "renewing the lease of scan {Job} failed; trying again", claim.JobId);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The scan ended.
        }
    }

    private async Task FailAsync(JobClaim claim, ScanJob job, string error)
    {
        if (await jobs.FailAsync(claim, error, CancellationToken.None).ConfigureAwait(false))
        {
            await EndedAsync(job with { Status = ScanStatus.Failed, Error = error }).ConfigureAwait(false);
        }
        else
        {
            LogStale(claim, "failed");
        }
    }

    // The worker stalled past its lease and another claimed the job (or finished it): the store kept the other's outcome.
    private void LogStale(JobClaim claim, string outcome) =>
        log.LogWarning(
            "scan {Job}: outcome '{Outcome}' not written: claim {Token} is stale (its lease ran out and the job was claimed again or ended)",
            claim.JobId, outcome, claim.Token);

    // After the store says it ended, so a webhook never reports a state the store does not hold.
    private async Task EndedAsync(ScanJob job)
    {
        metrics.ScanEnded(job.Status);
        await webhooks.ScanEndedAsync(job, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<ScanResult> ScanAndStoreAsync(ScanJob job, CancellationToken ct)
    {
        ScanOutcome outcome;
        var started = Stopwatch.GetTimestamp();
        await using (var file = await blobs.CheckOutAsync(job.Sha256, ct).ConfigureAwait(false))
        {
            outcome = await engine.ScanAsync(file.Path, ct).ConfigureAwait(false);
        }

        metrics.ScanTook(Stopwatch.GetElapsedTime(started));

        var pictures = new List<StoredPicture>(outcome.Pictures.Count);
        foreach (var picture in outcome.Pictures)
        {
            var blob = await blobs.AddAsync(picture.Jpeg, ct).ConfigureAwait(false);
            pictures.Add(new StoredPicture(picture.TimeSeconds, picture.Width, picture.Height, picture.Scale, blob));
        }

        // Stored (or touched) now, beside the result that names it, so the blob sweeper's grace period covers the pair.
        var card = await blobs.AddAsync(engine.Card, ct).ConfigureAwait(false);
        var report = outcome.Report with { File = job.FileName };
        return await jobs.AddResultAsync(
            new ScanResult(0, job.Sha256, engine.ModelSha256, ScanReportJson.Serialize(report), pictures, card), ct).ConfigureAwait(false);
    }
}
