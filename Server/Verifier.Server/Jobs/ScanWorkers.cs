using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Verifier.Server.Storage;

namespace Verifier.Server.Jobs;

/// <summary>
/// The background scan workers: at start, jobs a stopped process left queued or running go back on the queue; then
/// <see cref="ServerOptions.Workers"/> loops take ids off the queue, so at most that many scans run at once. With a
/// shared database the in-process queue hears only this replica's uploads, so the store is polled for queued jobs (any
/// replica's, and those whose lease ran out because their replica died) whenever this process's queue has run dry.
/// </summary>
public sealed class ScanWorkers(IJobStore jobs, IScanQueue queue, ScanJobRunner runner, ServerOptions options, ILogger<ScanWorkers> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken).ConfigureAwait(false);
        var loops = Enumerable.Range(0, options.Workers).Select(_ => WorkAsync(stoppingToken)).ToList();
        // RabbitMQ hands every replica's ids to whichever worker is free (and a dead worker's back): nothing to poll for.
        if (options.Workers > 0 && options.Postgres is not null && options.RabbitMq is null)
        {
            loops.Add(PollSharedStoreAsync(stoppingToken));
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private async Task RecoverAsync(CancellationToken ct)
    {
        foreach (var id in await jobs.RecoverAsync(ct).ConfigureAwait(false))
        {
            await queue.EnqueueAsync(id, ct).ConfigureAwait(false);
        }
    }

    private async Task PollSharedStoreAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.QueuePoll);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    // Only when idle: ids still waiting here would be handed in twice (harmless, a claim is taken once, but wasted).
                    if (queue.Pending == 0)
                    {
                        await RecoverAsync(ct).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    log.LogError(e, "polling the shared store for queued jobs failed; trying again in {Wait}", options.QueuePoll);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var delivery in queue.ReadAllAsync(ct).ConfigureAwait(false))
            {
                bool ran;
                try
                {
                    await runner.RunAsync(delivery.JobId, delivery.Redelivered, ct).ConfigureAwait(false);
                    ran = true;
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    // The store itself failed; the job keeps its state there, its id goes back, and the worker goes on.
                    log.LogError(e, "scan {Job} could not be run", delivery.JobId);
                    ran = false;
                }

                // Only now: the outcome is stored (or the job needed nothing), so a message is acknowledged after the result.
                await delivery.Settle(ran).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: a job cut short stays running in the store and is queued again at the next start.
        }
    }
}
