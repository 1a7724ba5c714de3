namespace Verifier.Server.Storage;

/// <summary>
/// The jobs and results of the service. State lives here, not in the process, so that a restart (or, later, another
/// machine's worker) carries on where a process stopped. SQLite in the data folder, or PostgreSQL shared by replicas.
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

    /// <summary>How long a claim holds without renewal; the worker renews well within it.</summary>
    TimeSpan Lease { get; }

    /// <summary>
    /// Queued (or running with a lease that ran out: its worker died or stalled) -> running with a fresh lease and the next
    /// fencing token; null when another worker holds it or it ended.
    /// </summary>
    Task<JobClaim?> TryClaimAsync(string id, CancellationToken ct);

    /// <summary>Extends the claim's lease; false when the claim is stale (the job was taken back, claimed again or ended).</summary>
    Task<bool> RenewAsync(JobClaim claim, CancellationToken ct);

    /// <summary>Running -> done with the result; false (and no change) when the claim is stale.</summary>
    Task<bool> CompleteAsync(JobClaim claim, long resultId, CancellationToken ct);

    /// <summary>Running -> failed with the error; false (and no change) when the claim is stale.</summary>
    Task<bool> FailAsync(JobClaim claim, string error, CancellationToken ct);

    /// <summary>
    /// Jobs whose worker is gone are queued again (at start of a one-process store, every running job; with a shared
    /// database, those whose lease ran out); returns every queued job id, oldest first.
    /// </summary>
    Task<IReadOnlyList<string>> RecoverAsync(CancellationToken ct);

    /// <summary>How many jobs are in <paramref name="status"/> (the metrics' queue depth).</summary>
    Task<long> CountAsync(ScanStatus status, CancellationToken ct);

    /// <summary>
    /// The stored result for the content and model, marked used now (so retention keeps it as long as any fresh job might
    /// point at it); null when there is none.
    /// </summary>
    Task<ScanResult?> ReuseResultAsync(string sha256, string modelSha256, CancellationToken ct);

    Task<ScanResult?> FindResultAsync(long id, CancellationToken ct);

    /// <summary>
    /// Stores a result unless one for the same content and model exists (that one is marked used now); returns the one
    /// stored (written once).
    /// </summary>
    Task<ScanResult> AddResultAsync(ScanResult result, CancellationToken ct);
}
