namespace Verifier.Server.Storage;

/// <summary>Where a scan job is: the API's <c>status</c> words.</summary>
public enum ScanStatus
{
    Queued,
    Running,
    Done,
    Failed,
}

/// <summary>
/// One <c>POST /v1/scans</c>: whose it is, what was uploaded (its display name is text only, never a path) and how far it
/// got. A done job points at the stored result it shares with every other upload of the same bytes.
/// </summary>
public sealed record ScanJob(
    string Id,
    string KeyId,
    string FileName,
    string Sha256,
    long Size,
    ScanStatus Status,
    string? Error,
    string? CallbackUrl,
    string? IdempotencyKey,
    DateTimeOffset CreatedAt,
    long? ResultId);

/// <summary>A new job as the API hands it to the store.</summary>
public sealed record NewScanJob(string KeyId, string FileName, string Sha256, long Size, string? CallbackUrl, string? IdempotencyKey);

/// <summary>
/// A scan's stored result for one file content and one model: the report JSON, the report's key-frame pictures (blobs)
/// and the model card (a blob), so the HTML page can be rendered again at any time.
/// </summary>
public sealed record ScanResult(
    long Id, string Sha256, string ModelSha256, string ReportJson, IReadOnlyList<StoredPicture> Pictures, string CardBlob);

/// <summary>A key-frame picture of a report: its place in the report and the blob holding its JPEG.</summary>
public sealed record StoredPicture(double TimeSeconds, int Width, int Height, double Scale, string Blob);

public static class ScanStatusWords
{
    /// <summary>The status as the API and the job table spell it: <c>queued</c>, <c>running</c>, <c>done</c>, <c>failed</c>.</summary>
    public static string Word(this ScanStatus status) => status.ToString().ToLowerInvariant();
}
