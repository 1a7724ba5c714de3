using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Verifier.Server.Storage;

namespace Verifier.Server.Jobs;

/// <summary>
/// The background scan workers: at start, jobs a stopped process left queued or running go back on the queue; then
/// <see cref="ServerOptions.Workers"/> loops take ids off the queue, so at most that many scans run at once.
/// </summary>
public sealed class ScanWorkers(IJobStore jobs, IScanQueue queue, ScanJobRunner runner, ServerOptions options, ILogger<ScanWorkers> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var id in await jobs.RecoverAsync(stoppingToken).ConfigureAwait(false))
        {
            await queue.EnqueueAsync(id, stoppingToken).ConfigureAwait(false);
        }

        await Task.WhenAll(Enumerable.Range(0, options.Workers).Select(_ => WorkAsync(stoppingToken))).ConfigureAwait(false);
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var id in queue.ReadAllAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    await runner.RunAsync(id, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    // The store itself failed; the job keeps its state there and the worker goes on with the next.
                    log.LogError(e, "scan {Job} could not be run", id);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: a job cut short stays running in the store and is queued again at the next start.
        }
    }
}
