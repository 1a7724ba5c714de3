using Microsoft.Extensions.Logging;
using Verifier.Server.Storage;

namespace Verifier.Server.Tests.Support;

/// <summary>A blob store whose first check-out waits until <see cref="Resume"/>: a worker paused mid-scan.</summary>
internal sealed class PausingBlobStore(IBlobStore inner) : IBlobStore
{
    private readonly TaskCompletionSource paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the worker reached its check-out and waits.</summary>
    public Task Paused => paused.Task;

    public void Resume() => resumed.TrySetResult();

    public async Task<IBlobFile> CheckOutAsync(string sha256, CancellationToken ct)
    {
        paused.TrySetResult();
        await resumed.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        return await inner.CheckOutAsync(sha256, ct);
    }

    public string NewStagingPath() => inner.NewStagingPath();

    public Task AddStagedAsync(string stagedPath, string sha256, CancellationToken ct) => inner.AddStagedAsync(stagedPath, sha256, ct);

    public Task<string> AddAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct) => inner.AddAsync(bytes, ct);

    public Task<byte[]> ReadAllBytesAsync(string sha256, CancellationToken ct) => inner.ReadAllBytesAsync(sha256, ct);

    public Task<IReadOnlyList<string>> ListUntouchedAsync(DateTimeOffset before, CancellationToken ct) => inner.ListUntouchedAsync(before, ct);

    public Task<bool> DeleteIfUntouchedAsync(string sha256, DateTimeOffset before, CancellationToken ct) => inner.DeleteIfUntouchedAsync(sha256, before, ct);
}

/// <summary>A job store whose lease renewals never reach the database (but say they did): a worker cut off from it.</summary>
internal sealed class UnrenewedJobStore(IJobStore inner) : IJobStore
{
    public TimeSpan Lease => inner.Lease;

    public Task<bool> RenewAsync(JobClaim claim, CancellationToken ct) => Task.FromResult(true);

    public Task<ScanJob> AddAsync(NewScanJob job, long? existingResult, CancellationToken ct) => inner.AddAsync(job, existingResult, ct);

    public Task<ScanJob?> FindAsync(string id, CancellationToken ct) => inner.FindAsync(id, ct);

    public Task<ScanJob?> FindByIdempotencyKeyAsync(string keyId, string idempotencyKey, CancellationToken ct) => inner.FindByIdempotencyKeyAsync(keyId, idempotencyKey, ct);

    public Task<JobClaim?> TryClaimAsync(string id, CancellationToken ct) => inner.TryClaimAsync(id, ct);

    public Task<bool> CompleteAsync(JobClaim claim, long resultId, CancellationToken ct) => inner.CompleteAsync(claim, resultId, ct);

    public Task<bool> FailAsync(JobClaim claim, string error, CancellationToken ct) => inner.FailAsync(claim, error, ct);

    public Task<IReadOnlyList<string>> RecoverAsync(CancellationToken ct) => inner.RecoverAsync(ct);

    public Task<long> CountAsync(ScanStatus status, CancellationToken ct) => inner.CountAsync(status, ct);

    public Task<ScanResult?> ReuseResultAsync(string sha256, string modelSha256, CancellationToken ct) => inner.ReuseResultAsync(sha256, modelSha256, ct);

    public Task<ScanResult?> FindResultAsync(long id, CancellationToken ct) => inner.FindResultAsync(id, ct);

    public Task<ScanResult> AddResultAsync(ScanResult result, CancellationToken ct) => inner.AddResultAsync(result, ct);
}

/// <summary>A logger that keeps the warnings (and worse) it is given.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<string> warnings = [];

    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (warnings)
            {
                return [.. warnings];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel >= LogLevel.Warning)
        {
            lock (warnings)
            {
                warnings.Add(formatter(state, exception));
            }
        }
    }
}
