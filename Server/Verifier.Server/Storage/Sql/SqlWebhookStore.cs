namespace Verifier.Server.Storage.Sql;

/// <summary><see cref="IWebhookStore"/> in SQL (SQLite or PostgreSQL, <see cref="IStoreDatabase"/>); times sort as text (<see cref="StoreTime"/>).</summary>
public sealed class SqlWebhookStore(IStoreDatabase database) : IWebhookStore
{
    public async Task<bool> AddAsync(string scanId, string url, CancellationToken ct) =>
        await database.ExecuteAsync(
            """
            INSERT INTO webhook_deliveries (scan_id, url, state, attempts, next_attempt_at, created_at)
            VALUES (@scan, @url, 'pending', 0, @now, @now)
            ON CONFLICT DO NOTHING
            """,
            ct, ("@scan", scanId), ("@url", url), ("@now", StoreTime.Time(DateTimeOffset.UtcNow))).ConfigureAwait(false) == 1;

    public Task<int> RecoverAsync(CancellationToken ct) =>
        database.ExecuteAsync(
            """
            INSERT INTO webhook_deliveries (scan_id, url, state, attempts, next_attempt_at, created_at)
            SELECT id, callback_url, 'pending', 0, @now, @now FROM scans
            WHERE callback_url IS NOT NULL AND status IN ('done', 'failed') AND id NOT IN (SELECT scan_id FROM webhook_deliveries)
            """,
            ct, ("@now", StoreTime.Time(DateTimeOffset.UtcNow)));

    // One UPDATE ... RETURNING: of two dispatchers (replicas) racing, the second re-reads a taken row as no longer due.
    public async Task<IReadOnlyList<WebhookDelivery>> ClaimDueAsync(DateTimeOffset now, TimeSpan hold, int limit, CancellationToken ct) =>
        await database.WriteAsync(
            connection => connection.QueryAsync(
                """
                UPDATE webhook_deliveries SET next_attempt_at = @hold
                WHERE scan_id IN (
                    SELECT scan_id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at LIMIT @limit)
                  AND state = 'pending' AND next_attempt_at <= @now
                RETURNING scan_id, url, attempts
                """,
                r => new WebhookDelivery(r.GetString(0), r.GetString(1), r.GetInt32(2)), ct,
                ("@hold", StoreTime.Time(now + hold)), ("@now", StoreTime.Time(now)), ("@limit", limit)),
            ct).ConfigureAwait(false);

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct) =>
        (await database.QueryAsync(
            "SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE state = 'pending'",
            r => r.IsDBNull(0) ? (DateTimeOffset?)null : StoreTime.ParseTime(r.GetString(0)), ct).ConfigureAwait(false))
        .Single();

    public Task RecordAsync(WebhookAttempt attempt, WebhookState state, DateTimeOffset nextAttemptAt, CancellationToken ct) =>
        database.WriteAsync(
            async connection =>
            {
                await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (var log = connection.Create(
                    "INSERT INTO webhook_attempts (scan_id, attempt, at, status_code, error) VALUES (@scan, @attempt, @at, @code, @error)",
                    [("@scan", attempt.ScanId), ("@attempt", attempt.Attempt), ("@at", StoreTime.Time(attempt.At)), ("@code", attempt.StatusCode), ("@error", attempt.Error)],
                    transaction))
                {
                    await log.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                await using (var move = connection.Create(
                    "UPDATE webhook_deliveries SET state = @state, attempts = @attempt, next_attempt_at = @next WHERE scan_id = @scan",
                    [("@state", Word(state)), ("@attempt", attempt.Attempt), ("@next", StoreTime.Time(nextAttemptAt)), ("@scan", attempt.ScanId)],
                    transaction))
                {
                    await move.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return true;
            },
            ct);

    public async Task<WebhookState?> StateAsync(string scanId, CancellationToken ct) =>
        (await database.QueryAsync(
            "SELECT state FROM webhook_deliveries WHERE scan_id = @scan",
            r => (WebhookState?)Enum.Parse<WebhookState>(r.GetString(0), ignoreCase: true), ct, ("@scan", scanId)).ConfigureAwait(false))
        .SingleOrDefault();

    public async Task<IReadOnlyList<WebhookAttempt>> AttemptsAsync(string scanId, CancellationToken ct) =>
        await database.QueryAsync(
            "SELECT scan_id, attempt, at, status_code, error FROM webhook_attempts WHERE scan_id = @scan ORDER BY seq",
            r => new WebhookAttempt(r.GetString(0), r.GetInt32(1), StoreTime.ParseTime(r.GetString(2)), r.IsDBNull(3) ? null : r.GetInt32(3), r.NullableString(4)),
            ct, ("@scan", scanId)).ConfigureAwait(false);

    private static string Word(WebhookState state) => state.ToString().ToLowerInvariant();
}
