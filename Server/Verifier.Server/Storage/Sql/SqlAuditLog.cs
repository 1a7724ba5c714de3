namespace Verifier.Server.Storage.Sql;

/// <summary><see cref="IAuditLog"/> in SQL; triggers in either schema refuse any UPDATE or DELETE of its rows.</summary>
public sealed class SqlAuditLog(IStoreDatabase database) : IAuditLog
{
    public Task AppendAsync(string keyId, string action, string? sha256, CancellationToken ct) =>
        database.ExecuteAsync(
            "INSERT INTO audit_log (key_id, action, sha256, at) VALUES (@key, @action, @sha, @now)", ct,
            ("@key", keyId), ("@action", action), ("@sha", sha256), ("@now", StoreTime.Time(DateTimeOffset.UtcNow)));

    public async Task<IReadOnlyList<AuditEntry>> ReadAllAsync(CancellationToken ct) =>
        await database.QueryAsync(
            "SELECT seq, key_id, action, sha256, at FROM audit_log ORDER BY seq",
            r => new AuditEntry(r.GetInt64(0), r.GetString(1), r.GetString(2), r.NullableString(3), StoreTime.ParseTime(r.GetString(4))),
            ct).ConfigureAwait(false);
}
