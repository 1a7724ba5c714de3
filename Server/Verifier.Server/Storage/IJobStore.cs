namespace Verifier.Server.Storage;

/// <summary>
/// The jobs and results of the service. State lives here, not in the process, so that a restart (or, later, another
/// machine's worker) carries on where a process stopped. SQLite today; PostgreSQL later behind the same interface.
/// </summary>
public interface IJobStore
{
    /// <summary>
    /// Adds a job, queued, or done at once with <paramref name="existingResult"/>. With an idempotency key the key id
    /// already used, the earlier job is returned instead and nothing is added.
    /// </summary>
    Task<ScanJob> AddAsync(NewScanJob job, long? existingResult, CancellationToken ct);

    Task<ScanJob?> FindAsync(string id, CancellationToken ct);

    Task<ScanJob?> FindByIdempotencyKeyAsync(string keyId, string idempotencyKey, CancellationToken ct);

    /// <summary>Queued -> running; false when another worker took it first or it is no longer queued.</summary>
    Task<bool> TryClaimAsync(string id, CancellationToken ct);

    /// <summary>Running -> done with the result; false (and no change) when the job was not running.</summary>
    Task<bool> CompleteAsync(string id, long resultId, CancellationToken ct);

    /// <summary>Running -> failed with the error; false (and no change) when the job was not running.</summary>
    Task<bool> FailAsync(string id, string error, CancellationToken ct);

    /// <summary>
    /// At start: jobs left running by a stopped process are queued again; returns every queued job id, oldest first.
    /// </summary>
    Task<IReadOnlyList<string>> RecoverAsync(CancellationToken ct);

    /// <summary>How many jobs are in <paramref name="status"/> (the metrics' queue depth).</summary>
    Task<long> CountAsync(ScanStatus status, CancellationToken ct);

    Task<ScanResult?> FindResultAsync(string sha256, string modelSha256, CancellationToken ct);

    Task<ScanResult?> FindResultAsync(long id, CancellationToken ct);

    /// <summary>Stores a result unless one for the same content and model exists; returns the one stored (written once).</summary>
    Task<ScanResult> AddResultAsync(ScanResult result, CancellationToken ct);
}
