using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Verifier.Server.Storage;

/// <summary>
/// Runs a <see cref="RetentionSweep"/> at start and then every <see cref="ServerOptions.SweepInterval"/>. Every
/// API replica may run one: each step is a conditional delete, so two sweeps at once remove each thing once.
/// </summary>
public sealed class RetentionSweeper(RetentionSweep sweep, ServerOptions options, ILogger<RetentionSweeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var removed = await sweep.RunAsync(DateTimeOffset.UtcNow, stoppingToken).ConfigureAwait(false);
                    if (removed != new SweepCounts(0, 0, 0))
                    {
                        log.LogInformation("retention: removed {Jobs} expired jobs, {Results} unused results, {Blobs} unreferenced blobs", removed.Jobs, removed.Results, removed.Blobs);
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogError(e, "the retention sweep failed; trying again in {Wait}", options.SweepInterval);
                }

                await Task.Delay(options.SweepInterval, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
