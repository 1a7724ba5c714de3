using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Verifier.Provenance;
using Verifier.Provenance.Validation;
using Verifier.Server.Storage;

namespace Verifier.Server.Api;

/// <summary>
/// <c>POST /v1/verify</c>: the uploaded file's C2PA provenance checked at once, answered with the <c>verify --json</c>
/// object (<see cref="JsonReport"/>) against the server's trust settings. The upload is staged and deleted afterwards.
/// </summary>
internal static class VerifyEndpoint
{
    private static readonly HashSet<string> NoFields = [];

    public static void MapVerifyEndpoint(this IEndpointRouteBuilder app) => app.MapPost("/v1/verify", VerifyAsync).DisableAntiforgery()
        .WithSummary("Check a file's C2PA provenance now (multipart field 'file'); answers the verify --json object")
        .Accepts<IFormFile>("multipart/form-data");

    private static async Task<IResult> VerifyAsync(HttpContext http, IBlobStore blobs, IAuditLog audit, ServerOptions options)
    {
        var ct = http.RequestAborted;
        try
        {
            var upload = await UploadReceiver.ReceiveAsync(http.Request, blobs, options.MaxUploadBytes, NoFields, ct).ConfigureAwait(false);
            try
            {
                var result = await Task.Run(() => Reader.Validate(upload.StagedPath, new VerifyOptions { Trust = options.Trust }), ct).ConfigureAwait(false);
                await audit.AppendAsync(ApiKeyAuthentication.RequiredKeyId(http), AuditActions.Verified, upload.Sha256, ct).ConfigureAwait(false);
                // The staged path is the server's business: the client sees its own file name, in errors too.
                var named = result with { File = upload.FileName, Error = result.Error?.Replace(upload.StagedPath, upload.FileName, StringComparison.Ordinal) };
                return Results.Text(JsonReport.Line(named), "application/json");
            }
            finally
            {
                File.Delete(upload.StagedPath);
            }
        }
        catch (ApiRefusal refusal)
        {
            return ApiErrors.Json(refusal.Status, refusal.Message);
        }
    }
}
