using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Verifier.Detector.Reports;
using Verifier.Server.Jobs;
using Verifier.Server.Storage;
using Verifier.Server.Telemetry;
using Verifier.Server.Webhooks;

namespace Verifier.Server.Api;

/// <summary>
/// <c>POST /v1/scans</c> (upload, 202), <c>GET /v1/scans/{id}</c> (state and report) and <c>GET /v1/scans/{id}/report</c>
/// (the HTML page). A key sees only its own scans: another key's id is 404, as if it did not exist.
/// </summary>
internal static class ScanEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string CallbackField = "callback_url";
    private static readonly HashSet<string> TextFields = [CallbackField];

    public static void MapScanEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/scans", SubmitAsync).DisableAntiforgery()
            .WithSummary("Upload a file to scan (multipart field 'file', optional field 'callback_url', header Idempotency-Key)")
            .Accepts<IFormFile>("multipart/form-data").Produces(StatusCodes.Status202Accepted);
        app.MapGet("/v1/scans/{id}", GetAsync)
            .WithSummary("A scan's status and, once done, its report (the scan --json object); webhooks POST this same object");
        app.MapGet("/v1/scans/{id}/report", GetReportAsync)
            .WithSummary("The HTML report of a done scan").Produces(StatusCodes.Status200OK, contentType: "text/html");
    }

    private static async Task<IResult> SubmitAsync(
        HttpContext http, IJobStore jobs, IBlobStore blobs, IScanQueue queue, IAuditLog audit, ScanEngine engine, ServerOptions options,
        CallbackPolicy callbacks, WebhookOutbox webhooks, ServiceMetrics metrics)
    {
        var ct = http.RequestAborted;
        var keyId = ApiKeyAuthentication.RequiredKeyId(http);
        try
        {
            var idempotencyKey = IdempotencyKey(http.Request);
            // A repeated key answers with the earlier scan without reading the body again.
            if (idempotencyKey is not null && await jobs.FindByIdempotencyKeyAsync(keyId, idempotencyKey, ct).ConfigureAwait(false) is { } earlier)
            {
                return Accepted(earlier);
            }

            var upload = await UploadReceiver.ReceiveAsync(http.Request, blobs, options.MaxUploadBytes, TextFields, ct).ConfigureAwait(false);
            try
            {
                var callback = CallbackUrl(callbacks, upload.Fields.GetValueOrDefault(CallbackField));
                await blobs.AddStagedAsync(upload.StagedPath, upload.Sha256, ct).ConfigureAwait(false);
                var stored = await jobs.ReuseResultAsync(upload.Sha256, engine.ModelSha256, ct).ConfigureAwait(false);
                var job = await jobs.AddAsync(
                    new NewScanJob(keyId, upload.FileName, upload.Sha256, upload.Size, callback, idempotencyKey), stored?.Id, ct).ConfigureAwait(false);
                if (job.Status == ScanStatus.Queued)
                {
                    await queue.EnqueueAsync(job.Id, ct).ConfigureAwait(false);
                }
                else if (job.Status == ScanStatus.Done)
                {
                    // Done at once with a stored result: it ended here, so its webhook goes now.
                    metrics.ScanEnded(job.Status);
                    await webhooks.ScanEndedAsync(job, ct).ConfigureAwait(false);
                }

                metrics.UploadAccepted();
                await audit.AppendAsync(keyId, AuditActions.ScanSubmitted, upload.Sha256, ct).ConfigureAwait(false);
                return Accepted(job);
            }
            finally
            {
                // Moved into the blob store on success; on any refusal the staged bytes go.
                File.Delete(upload.StagedPath);
            }
        }
        catch (ApiRefusal refusal)
        {
            return ApiErrors.Json(refusal.Status, refusal.Message);
        }
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, IJobStore jobs, ScanReports reports)
    {
        var job = await OwnJobAsync(http, id, jobs).ConfigureAwait(false);
        return job is null
            ? NotFound(id)
            : Results.Text(await reports.StatusJsonAsync(job, http.RequestAborted).ConfigureAwait(false), "application/json");
    }

    private static async Task<IResult> GetReportAsync(HttpContext http, string id, IJobStore jobs, ScanReports reports, IAuditLog audit)
    {
        var job = await OwnJobAsync(http, id, jobs).ConfigureAwait(false);
        if (job is null)
        {
            return NotFound(id);
        }

        var html = await reports.HtmlAsync(job, http.RequestAborted).ConfigureAwait(false);
        if (html is null)
        {
            return ApiErrors.Json(StatusCodes.Status409Conflict, $"scan {id} is {job.Status.Word()}: the report exists once it is done");
        }

        await audit.AppendAsync(job.KeyId, AuditActions.ReportRead, job.Sha256, http.RequestAborted).ConfigureAwait(false);
        http.Response.Headers.ContentSecurityPolicy = ScanReportHtml.ContentSecurityPolicy;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static async Task<ScanJob?> OwnJobAsync(HttpContext http, string id, IJobStore jobs)
    {
        var keyId = ApiKeyAuthentication.RequiredKeyId(http);
        var job = await jobs.FindAsync(id, http.RequestAborted).ConfigureAwait(false);
        return job?.KeyId == keyId ? job : null;
    }

    private static IResult Accepted(ScanJob job)
    {
        var url = $"/v1/scans/{job.Id}";
        return Results.Accepted(url, new SubmittedScan(job.Id, job.Status.Word(), url));
    }

    private static IResult NotFound(string id) => ApiErrors.Json(StatusCodes.Status404NotFound, $"no scan {id} for this key");

    private static string? IdempotencyKey(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(IdempotencyHeader, out var values))
        {
            return null;
        }

        var key = values.ToString();
        return key.Length is >= 1 and <= 255 && key.All(c => c is > ' ' and < '\x7f')
            ? key
            : throw new ApiRefusal(StatusCodes.Status400BadRequest, $"{IdempotencyHeader} must be 1 to 255 printable ASCII characters");
    }

    private static string? CallbackUrl(CallbackPolicy policy, string? text) =>
        string.IsNullOrEmpty(text) ? null
        : (policy.Accept(text, out var problem) ?? throw new ApiRefusal(StatusCodes.Status400BadRequest, $"{CallbackField} {problem}")).AbsoluteUri;

    private sealed record SubmittedScan(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("url")] string Url);
}
