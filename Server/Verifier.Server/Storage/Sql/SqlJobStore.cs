using System.Security.Cryptography;
using System.Text.Json;
using System.Data.Common;

namespace Verifier.Server.Storage.Sql;

/// <summary>
/// <see cref="IJobStore"/> in SQL (SQLite or PostgreSQL). Every state change is one conditional UPDATE (<c>WHERE status =
/// ...</c>), so two workers, in one process or on two machines, can never both claim a job (PostgreSQL re-reads the row a
/// racing UPDATE waited on), and a result row is unique per content and model, so it is written once. A claim holds a
/// lease (<c>claimed_until</c>) its worker renews while it runs: a job whose lease ran out lost its worker and is queued again.
/// Each claim bumps the job's fencing token (<c>claim_token</c>); renewals and outcomes are written only under the latest.
/// </summary>
public sealed class SqlJobStore(IStoreDatabase database, TimeSpan lease) : IJobStore
{
    /// <summary>The lease of the one-process default: long enough to ride out a busy machine, renewed every third of it.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(60);

    public SqlJobStore(IStoreDatabase database)
        : this(database, DefaultLease)
    {
    }

    public TimeSpan Lease => lease;

    private const string JobColumns =
        "id, key_id, file_name, sha256, size, status, error, callback_url, idempotency_key, created_at, result_id";

    private const string ResultColumns = "id, sha256, model_sha256, report_json, pictures_json, card_blob";

    public async Task<ScanJob> AddAsync(NewScanJob job, long? existingResult, CancellationToken ct)
    {
        var id = "scn_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var now = StoreTime.Time(DateTimeOffset.UtcNow);
        // ON CONFLICT: a concurrent request with the same idempotency key won; its job is the answer.
        var added = await database.ExecuteAsync(
            $"""
            INSERT INTO scans ({JobColumns}, updated_at)
            VALUES (@id, @key, @name, @sha, @size, @status, NULL, @callback, @idem, @now, @result, @now)
            ON CONFLICT DO NOTHING
            """,
            ct,
            ("@id", id), ("@key", job.KeyId), ("@name", job.FileName), ("@sha", job.Sha256), ("@size", job.Size),
            ("@status", (existingResult is null ? ScanStatus.Queued : ScanStatus.Done).Word()), ("@callback", job.CallbackUrl),
            ("@idem", job.IdempotencyKey), ("@now", now), ("@result", existingResult)).ConfigureAwait(false);
        var stored = added == 1
            ? await FindAsync(id, ct).ConfigureAwait(false)
            : await FindByIdempotencyKeyAsync(job.KeyId, job.IdempotencyKey!, ct).ConfigureAwait(false);
        return stored ?? throw new InvalidOperationException($"scan {id} was not stored");
    }

    public async Task<ScanJob?> FindAsync(string id, CancellationToken ct) =>
        (await database.QueryAsync($"SELECT {JobColumns} FROM scans WHERE id = @id", ReadJob, ct, ("@id", id)).ConfigureAwait(false))
        .SingleOrDefault();

    public async Task<ScanJob?> FindByIdempotencyKeyAsync(string keyId, string idempotencyKey, CancellationToken ct) =>
        (await database.QueryAsync(
            $"SELECT {JobColumns} FROM scans WHERE key_id = @key AND idempotency_key = @idem", ReadJob, ct,
            ("@key", keyId), ("@idem", idempotencyKey)).ConfigureAwait(false))
        .SingleOrDefault();

    public async Task<JobClaim?> TryClaimAsync(string id, CancellationToken ct)
    {
        var tokens = await database.WriteAsync(
            connection => connection.QueryAsync(
                """
                UPDATE scans SET status = 'running', claimed_until = @until, claim_token = claim_token + 1, updated_at = @now
                WHERE id = @id AND (status = 'queued' OR (status = 'running' AND claimed_until < @now))
                RETURNING claim_token
                """,
                r => r.GetInt64(0), ct,
                ("@until", LeaseEnd()), ("@now", StoreTime.Time(DateTimeOffset.UtcNow)), ("@id", id)),
            ct).ConfigureAwait(false);
        return tokens.Count == 1 ? new JobClaim(id, tokens[0]) : null;
    }

    public async Task<bool> RenewAsync(JobClaim claim, CancellationToken ct) =>
        await database.ExecuteAsync(
            "UPDATE scans SET claimed_until = @until WHERE id = @id AND status = 'running' AND claim_token = @token", ct,
            ("@until", LeaseEnd()), ("@id", claim.JobId), ("@token", claim.Token)).ConfigureAwait(false) == 1;

    public Task<bool> CompleteAsync(JobClaim claim, long resultId, CancellationToken ct) =>
        EndAsync(claim, ScanStatus.Done, null, resultId, ct);

    public Task<bool> FailAsync(JobClaim claim, string error, CancellationToken ct) =>
        EndAsync(claim, ScanStatus.Failed, error, null, ct);

    public async Task<IReadOnlyList<string>> RecoverAsync(CancellationToken ct)
    {
        var now = StoreTime.Time(DateTimeOffset.UtcNow);
        await database.ExecuteAsync(
            "UPDATE scans SET status = 'queued', claimed_until = NULL, updated_at = @now WHERE status = 'running' AND (@all OR claimed_until < @now)", ct,
            ("@now", now), ("@all", database.SingleProcess)).ConfigureAwait(false);
        return await database.QueryAsync(
            "SELECT id FROM scans WHERE status = 'queued' ORDER BY created_at, id", r => r.GetString(0), ct).ConfigureAwait(false);
    }

    public async Task<long> CountAsync(ScanStatus status, CancellationToken ct) =>
        (await database.QueryAsync("SELECT COUNT(*) FROM scans WHERE status = @status", r => r.GetInt64(0), ct, ("@status", status.Word())).ConfigureAwait(false))
        .Single();

    /// <summary>The stored result for the content and model, without marking it used (for tools and tests).</summary>
    public async Task<ScanResult?> FindResultAsync(string sha256, string modelSha256, CancellationToken ct) =>
        (await database.QueryAsync(
            $"SELECT {ResultColumns} FROM results WHERE sha256 = @sha AND model_sha256 = @model", ReadResult, ct,
            ("@sha", sha256), ("@model", modelSha256)).ConfigureAwait(false))
        .SingleOrDefault();

    // A write, not a read: the sweeper deletes only results unused for the retention period, and this UPDATE and its
    // conditional DELETE serialise on the row, so a result handed out here is never deleted under the job about to name it.
    public async Task<ScanResult?> ReuseResultAsync(string sha256, string modelSha256, CancellationToken ct) =>
        (await database.WriteAsync(
            connection => connection.QueryAsync(
                $"UPDATE results SET used_at = @now WHERE sha256 = @sha AND model_sha256 = @model RETURNING {ResultColumns}", ReadResult, ct,
                ("@now", StoreTime.Time(DateTimeOffset.UtcNow)), ("@sha", sha256), ("@model", modelSha256)),
            ct).ConfigureAwait(false))
        .SingleOrDefault();

    public async Task<ScanResult?> FindResultAsync(long id, CancellationToken ct) =>
        (await database.QueryAsync($"SELECT {ResultColumns} FROM results WHERE id = @id", ReadResult, ct, ("@id", id)).ConfigureAwait(false))
        .SingleOrDefault();

    public async Task<ScanResult> AddResultAsync(ScanResult result, CancellationToken ct)
    {
        var now = StoreTime.Time(DateTimeOffset.UtcNow);
        // On a conflict the first result stays, marked used (as a reuse is).
        var stored = await database.WriteAsync(
            connection => connection.QueryAsync(
                $"""
                INSERT INTO results (sha256, model_sha256, report_json, pictures_json, card_blob, created_at, used_at)
                VALUES (@sha, @model, @report, @pictures, @card, @now, @now)
                ON CONFLICT (sha256, model_sha256) DO UPDATE SET used_at = excluded.used_at
                RETURNING {ResultColumns}
                """,
                ReadResult, ct,
                ("@sha", result.Sha256), ("@model", result.ModelSha256), ("@report", result.ReportJson),
                ("@pictures", JsonSerializer.Serialize(result.Pictures)), ("@card", result.CardBlob), ("@now", now)),
            ct).ConfigureAwait(false);
        return stored.Single();
    }

    // Conditional on the claim's token, not only on "running": a stalled worker whose job was claimed again holds an older token.
    private async Task<bool> EndAsync(JobClaim claim, ScanStatus to, string? error, long? resultId, CancellationToken ct) =>
        await database.ExecuteAsync(
            """
            UPDATE scans SET status = @to, error = @error, result_id = COALESCE(@result, result_id), claimed_until = NULL, updated_at = @now
            WHERE id = @id AND status = 'running' AND claim_token = @token
            """,
            ct,
            ("@to", to.Word()), ("@error", error), ("@result", resultId), ("@now", StoreTime.Time(DateTimeOffset.UtcNow)),
            ("@id", claim.JobId), ("@token", claim.Token)).ConfigureAwait(false) == 1;

    private string LeaseEnd() => StoreTime.Time(DateTimeOffset.UtcNow + lease);

    private static ScanJob ReadJob(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4),
        Enum.Parse<ScanStatus>(r.GetString(5), ignoreCase: true), r.NullableString(6), r.NullableString(7), r.NullableString(8),
        StoreTime.ParseTime(r.GetString(9)), r.IsDBNull(10) ? null : r.GetInt64(10));

    private static ScanResult ReadResult(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
        JsonSerializer.Deserialize<List<StoredPicture>>(r.GetString(4)) ?? [], r.GetString(5));
}
