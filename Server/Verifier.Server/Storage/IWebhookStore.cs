namespace Verifier.Server.Storage;

/// <summary>
/// Webhook deliveries and the log of their attempts. Pending deliveries live here, not in the process, so a restart resumes
/// them. SQLite in the data folder, or PostgreSQL shared by replicas.
/// </summary>
public interface IWebhookStore
{
    /// <summary>A pending delivery of scan <paramref name="scanId"/>'s end to <paramref name="url"/>, due now; false when the scan has one.</summary>
    Task<bool> AddAsync(string scanId, string url, CancellationToken ct);

    /// <summary>
    /// At start: a pending delivery for every ended scan with a callback URL that has none (a process stopped between
    /// ending the scan and recording its delivery); returns how many were added.
    /// </summary>
    Task<int> RecoverAsync(CancellationToken ct);

    /// <summary>
    /// Takes pending deliveries due at or before <paramref name="now"/>, earliest first, at most <paramref name="limit"/>: each
    /// is held (not due) until <paramref name="now"/> + <paramref name="hold"/>, so another dispatcher sharing the store does
    /// not send it too; <see cref="RecordAsync"/> then sets its real next time (a dispatcher that died lets the hold run out).
    /// </summary>
    Task<IReadOnlyList<WebhookDelivery>> ClaimDueAsync(DateTimeOffset now, TimeSpan hold, int limit, CancellationToken ct);

    /// <summary>When the earliest pending delivery is due, or null when none is pending.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken ct);

    /// <summary>Logs <paramref name="attempt"/> and moves its delivery to <paramref name="state"/> (due again at <paramref name="nextAttemptAt"/> when pending), in one transaction.</summary>
    Task RecordAsync(WebhookAttempt attempt, WebhookState state, DateTimeOffset nextAttemptAt, CancellationToken ct);

    Task<WebhookState?> StateAsync(string scanId, CancellationToken ct);

    /// <summary>Every attempt at scan <paramref name="scanId"/>'s delivery, in order.</summary>
    Task<IReadOnlyList<WebhookAttempt>> AttemptsAsync(string scanId, CancellationToken ct);
}

public enum WebhookState
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>A pending delivery: the scan whose end it reports, where to, and how many attempts were made so far.</summary>
public sealed record WebhookDelivery(string ScanId, string Url, int Attempts);

/// <summary>One POST to a callback URL: the receiver's status code, or the error when no answer came.</summary>
public sealed record WebhookAttempt(string ScanId, int Attempt, DateTimeOffset At, int? StatusCode, string? Error);
