using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Verifier.Server.Storage.Sqlite;

/// <summary>
/// <see cref="IJobStore"/> on SQLite. Every state change is one conditional UPDATE (<c>WHERE status = ...</c>), so two
/// workers can never both claim a job, and a result row is unique per content and model, so it is written once.
/// </summary>
public sealed class SqliteJobStore(SqliteDatabase database) : IJobStore
{
    private const string JobColumns =
        "id, key_id, file_name, sha256, size, status, error, callback_url, idempotency_key, created_at, result_id";

    private const string ResultColumns = "id, sha256, model_sha256, report_json, pictures_json, card_blob";

    public async Task<ScanJob> AddAsync(NewScanJob job, long? existingResult, CancellationToken ct)
    {
        var id = "scn_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var now = SqliteDatabase.Time(DateTimeOffset.UtcNow);
        // ON CONFLICT: a concurrent request with the same idempotency key won; its job is the answer.
        var added = await database.ExecuteAsync(
            $"""
            INSERT INTO scans ({JobColumns}, updated_at)
            VALUES ($id, $key, $name, $sha, $size, $status, NULL, $callback, $idem, $now, $result, $now)
            ON CONFLICT DO NOTHING
            """,
            ct,
            ("$id", id), ("$key", job.KeyId), ("$name", job.FileName), ("$sha", job.Sha256), ("$size", job.Size),
            ("$status", (existingResult is null ? ScanStatus.Queued : ScanStatus.Done).Word()), ("$callback", job.CallbackUrl),
            ("$idem", job.IdempotencyKey), ("$now", now), ("$result", existingResult)).ConfigureAwait(false);
        var stored = added == 1
            ? await FindAsync(id, ct).ConfigureAwait(false)
            : await FindByIdempotencyKeyAsync(job.KeyId, job.IdempotencyKey!, ct).ConfigureAwait(false);
        return stored ?? throw new InvalidOperationException($"scan {id} was not stored");
    }

    public async Task<ScanJob?> FindAsync(string id, CancellationToken ct) =>
        (await database.QueryAsync($"SELECT {JobColumns} FROM scans WHERE id = $id", ReadJob, ct, ("$id", id)).ConfigureAwait(false))
        .SingleOrDefault();

    public async Task<ScanJob?> FindByIdempotencyKeyAsync(string keyId, string idempotencyKey, CancellationToken ct) =>
        (await database.QueryAsync(
            $"SELECT {JobColumns} FROM scans WHERE key_id = $key AND idempotency_key = $idem", ReadJob, ct,
            ("$key", keyId), ("$idem", idempotencyKey)).ConfigureAwait(false))
        .SingleOrDefault();

    public Task<bool> TryClaimAsync(string id, CancellationToken ct) => MoveAsync(id, ScanStatus.Queued, ScanStatus.Running, null, null, ct);

    public Task<bool> CompleteAsync(string id, long resultId, CancellationToken ct) =>
        MoveAsync(id, ScanStatus.Running, ScanStatus.Done, null, resultId, ct);

    public Task<bool> FailAsync(string id, string error, CancellationToken ct) =>
        MoveAsync(id, ScanStatus.Running, ScanStatus.Failed, error, null, ct);

    public async Task<IReadOnlyList<string>> RecoverAsync(CancellationToken ct)
    {
        await database.ExecuteAsync(
            "UPDATE scans SET status = 'queued', updated_at = $now WHERE status = 'running'", ct,
            ("$now", SqliteDatabase.Time(DateTimeOffset.UtcNow))).ConfigureAwait(false);
        return await database.QueryAsync(
            "SELECT id FROM scans WHERE status = 'queued' ORDER BY rowid", r => r.GetString(0), ct).ConfigureAwait(false);
    }

    public async Task<long> CountAsync(ScanStatus status, CancellationToken ct) =>
        (await database.QueryAsync("SELECT COUNT(*) FROM scans WHERE status = $status", r => r.GetInt64(0), ct, ("$status", status.Word())).ConfigureAwait(false))
        .Single();

    public async Task<ScanResult?> FindResultAsync(string sha256, string modelSha256, CancellationToken ct) =>
        (await database.QueryAsync(
            $"SELECT {ResultColumns} FROM results WHERE sha256 = $sha AND model_sha256 = $model", ReadResult, ct,
            ("$sha", sha256), ("$model", modelSha256)).ConfigureAwait(false))
        .SingleOrDefault();

    public async Task<ScanResult?> FindResultAsync(long id, CancellationToken ct) =>
        (await database.QueryAsync($"SELECT {ResultColumns} FROM results WHERE id = $id", ReadResult, ct, ("$id", id)).ConfigureAwait(false))
        .SingleOrDefault();

    public async Task<ScanResult> AddResultAsync(ScanResult result, CancellationToken ct)
    {
        await database.ExecuteAsync(
            """
            INSERT INTO results (sha256, model_sha256, report_json, pictures_json, card_blob, created_at)
            VALUES ($sha, $model, $report, $pictures, $card, $now)
            ON CONFLICT (sha256, model_sha256) DO NOTHING
            """,
            ct,
            ("$sha", result.Sha256), ("$model", result.ModelSha256), ("$report", result.ReportJson),
            ("$pictures", JsonSerializer.Serialize(result.Pictures)), ("$card", result.CardBlob),
            ("$now", SqliteDatabase.Time(DateTimeOffset.UtcNow))).ConfigureAwait(false);
        return await FindResultAsync(result.Sha256, result.ModelSha256, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"the result for {result.Sha256} was not stored");
    }

    private async Task<bool> MoveAsync(string id, ScanStatus from, ScanStatus to, string? error, long? resultId, CancellationToken ct) =>
        await database.ExecuteAsync(
            """
            UPDATE scans SET status = $to, error = $error, result_id = COALESCE($result, result_id), updated_at = $now
            WHERE id = $id AND status = $from
            """,
            ct,
            ("$to", to.Word()), ("$error", error), ("$result", resultId), ("$now", SqliteDatabase.Time(DateTimeOffset.UtcNow)),
            ("$id", id), ("$from", from.Word())).ConfigureAwait(false) == 1;

    private static ScanJob ReadJob(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4),
        Enum.Parse<ScanStatus>(r.GetString(5), ignoreCase: true), r.NullableString(6), r.NullableString(7), r.NullableString(8),
        SqliteDatabase.ParseTime(r.GetString(9)), r.IsDBNull(10) ? null : r.GetInt64(10));

    private static ScanResult ReadResult(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
        JsonSerializer.Deserialize<List<StoredPicture>>(r.GetString(4)) ?? [], r.GetString(5));
}
