namespace Verifier.Server.Jobs;

/// <summary>
/// Hands job ids from the API to the workers. The job store holds each job's state; the queue only says "look at this
/// one", so a lost or repeated id costs nothing (a worker claims a job in the store before running it). In process today;
/// RabbitMQ later behind the same interface.
/// </summary>
public interface IScanQueue
{
    ValueTask EnqueueAsync(string jobId, CancellationToken ct);

    /// <summary>Ids handed in and not yet taken by a worker of this process.</summary>
    int Pending { get; }

    IAsyncEnumerable<string> ReadAllAsync(CancellationToken ct);
}
