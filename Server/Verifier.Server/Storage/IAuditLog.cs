namespace Verifier.Server.Storage;

/// <summary>The append-only record of who did what to which file: entries are added, never changed or removed.</summary>
public interface IAuditLog
{
    Task AppendAsync(string keyId, string action, string? sha256, CancellationToken ct);

    /// <summary>Every entry in the order written.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAllAsync(CancellationToken ct);
}

public sealed record AuditEntry(long Sequence, string KeyId, string Action, string? Sha256, DateTimeOffset At);

/// <summary>The actions the audit log names.</summary>
public static class AuditActions
{
    public const string KeyCreated = "key.create";
    public const string ScanSubmitted = "scan.submit";
    public const string ReportRead = "scan.report";
    public const string Verified = "verify";
}
