using Verifier.Provenance.Certificates;

namespace Verifier.Server;

/// <summary>How <c>verifier serve</c> runs: where its state lives, what it listens on, which model scans, and its limits.</summary>
public sealed record ServerOptions
{
    /// <summary>The data folder: the SQLite job store, the blob store and the staging folder for uploads.</summary>
    public required string DataFolder { get; init; }

    /// <summary>
    /// A PostgreSQL connection string (Npgsql's <c>Host=...;Database=...;Username=...</c>): jobs, keys, audit log, webhooks and
    /// blobs live there, shared by every replica; null keeps them in SQLite and files in <see cref="DataFolder"/>.
    /// </summary>
    public string? Postgres { get; init; }

    /// <summary>How long a running job's claim holds without renewal; a replica that dies loses its jobs to others after it.</summary>
    public TimeSpan JobLease { get; init; } = Storage.Sql.SqlJobStore.DefaultLease;

    /// <summary>
    /// A RabbitMQ URI (<c>amqp://user:pass@host:5672/</c>): job ids go through its durable queue, to this process's workers
    /// and to any <c>verifier worker</c>; null keeps the queue in process. Needs <see cref="Postgres"/> (workers elsewhere
    /// must reach the jobs and uploads).
    /// </summary>
    public string? RabbitMq { get; init; }

    /// <summary>With <see cref="Postgres"/>: how often an idle replica looks in the database for queued jobs other replicas accepted.</summary>
    public TimeSpan QueuePoll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The detector model (its card beside it, same name with <c>.json</c>).</summary>
    public required string ModelPath { get; init; }

    /// <summary>Kestrel URLs, separated by ';' (port 0 picks a free port).</summary>
    public string Urls { get; init; } = "http://127.0.0.1:8080";

    /// <summary>The largest file <c>POST /v1/scans</c> and <c>POST /v1/verify</c> accept; beyond it they answer 413.</summary>
    public long MaxUploadBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>
    /// The slowest upload body accepted, in bytes per second after <see cref="UploadRateGrace"/> (Kestrel's
    /// MinRequestBodyDataRate): a body trickling slower is cut off with 408 and nothing is kept. 0 turns the check off.
    /// </summary>
    public double MinUploadBytesPerSecond { get; init; } = 1024;

    /// <summary>How long an upload may run below <see cref="MinUploadBytesPerSecond"/> before the rate counts (a slow start).</summary>
    public TimeSpan UploadRateGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a client may take to send a request's headers (Kestrel's RequestHeadersTimeout); the connection is closed after it.</summary>
    public TimeSpan HeadersTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Scans run at once in this process; 0 accepts and queues jobs without running any (a later process runs them).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Requests per minute one API key may make to <c>/v1</c> routes.</summary>
    public int RequestsPerMinute { get; init; } = 600;

    /// <summary>Trust anchors for <c>POST /v1/verify</c> and for the provenance evidence in scan reports.</summary>
    public TrustSettings Trust { get; init; } = TrustSettings.None;

    /// <summary>
    /// Hosts callback URLs may name (<c>*.example.com</c> takes its subdomains); empty takes any host. Callbacks can reach
    /// internal addresses (SSRF): an operator on a network with internal services gives this list.
    /// </summary>
    public IReadOnlyList<string> CallbackAllow { get; init; } = [];

    /// <summary>Attempts at one webhook delivery before it is given up as failed.</summary>
    public int WebhookAttempts { get; init; } = 8;

    /// <summary>The wait before the second attempt; each later wait doubles (2 s, 4 s, ... by default).</summary>
    public TimeSpan WebhookFirstRetry { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one webhook POST may take before it counts as failed.</summary>
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an ended job (and its upload, its result and the result's pictures, once nothing else names them) is kept;
    /// null keeps everything. A failed job's upload goes at the next sweep after <see cref="BlobGrace"/>.
    /// </summary>
    public TimeSpan? Retention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long an unreferenced blob is kept after it was last stored (covers an upload that has no job row yet).</summary>
    public TimeSpan BlobGrace { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How often the retention sweep runs.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The first option out of range, as "name: why", or null.</summary>
    public string? FindProblem() =>
        string.IsNullOrWhiteSpace(DataFolder) ? "data folder: must be given"
        : MaxUploadBytes < 1 ? $"max upload: {MaxUploadBytes} bytes must be at least 1"
        : JobLease < TimeSpan.FromSeconds(1) ? $"job lease: {JobLease} must be at least 1 s"
        : RabbitMq is not null && Postgres is null ? "rabbitmq: needs postgres (workers on other machines read jobs and uploads there)"
        : RabbitMq is not null && !Uri.TryCreate(RabbitMq, UriKind.Absolute, out var rabbit) | rabbit?.Scheme is not ("amqp" or "amqps")
            ? "rabbitmq: not an amqp:// or amqps:// URI"
        : QueuePoll <= TimeSpan.Zero ? $"queue poll: {QueuePoll} must be positive"
        : Workers is < 0 or > 64 ? $"workers: {Workers} must be 0..64"
        : MinUploadBytesPerSecond < 0 || double.IsNaN(MinUploadBytesPerSecond) ? $"minimum upload rate: {MinUploadBytesPerSecond} bytes/s must be 0 or more"
        : UploadRateGrace <= TimeSpan.FromSeconds(1) ? $"upload rate grace: {UploadRateGrace} must be more than 1 s (Kestrel checks rates once a second)"
        : HeadersTimeout < TimeSpan.FromSeconds(1) ? $"headers timeout: {HeadersTimeout} must be at least 1 s"
        : RequestsPerMinute < 1 ? $"rate limit: {RequestsPerMinute} requests per minute must be at least 1"
        : WebhookAttempts is < 1 or > 30 ? $"webhook attempts: {WebhookAttempts} must be 1..30"
        : WebhookFirstRetry <= TimeSpan.Zero ? $"webhook first retry: {WebhookFirstRetry} must be positive"
        : WebhookTimeout <= TimeSpan.Zero ? $"webhook timeout: {WebhookTimeout} must be positive"
        : Retention is { } kept && kept < TimeSpan.FromMinutes(1) ? $"retention: {kept} must be at least a minute"
        : BlobGrace < TimeSpan.FromMinutes(1) ? $"blob grace: {BlobGrace} must be at least a minute (an upload touches its blob before its job names it)"
        : SweepInterval < TimeSpan.FromSeconds(1) ? $"sweep interval: {SweepInterval} must be at least 1 s"
        : CallbackAllow.FirstOrDefault(h => Uri.CheckHostName(h.StartsWith("*.", StringComparison.Ordinal) ? h[2..] : h) == UriHostNameType.Unknown) is { } bad
            ? $"callback allow: '{bad}' is not a host name or address"
        : null;
}
