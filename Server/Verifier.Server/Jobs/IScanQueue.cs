namespace Verifier.Server.Jobs;

/// <summary>
/// Hands job ids from the API to the workers. The job store holds each job's state; the queue only says "look at this
/// one", so a lost or repeated id costs nothing (a worker claims a job in the store before running it). In process by
/// default; RabbitMQ (<see cref="RabbitScanQueue"/>) when API replicas and workers run apart.
/// </summary>
public interface IScanQueue
{
    ValueTask EnqueueAsync(string jobId, CancellationToken ct);

    /// <summary>Ids handed in and not yet taken by a worker of this process.</summary>
    int Pending { get; }

    IAsyncEnumerable<ScanDelivery> ReadAllAsync(CancellationToken ct);
}

/// <summary>
/// One id taken off the queue. <see cref="Settle"/> with true once the job's outcome is stored (or it needs nothing), with
/// false to hand the id back for another try; an id never settled (its worker died) comes back as
/// <see cref="Redelivered"/>.
/// </summary>
public sealed record ScanDelivery(string JobId, bool Redelivered, Func<bool, ValueTask> Settle);
