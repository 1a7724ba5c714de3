using Microsoft.AspNetCore.Http;
using Verifier.Server.Storage;

namespace Verifier.Server.Api;

/// <summary>
/// Every <c>/v1</c> route needs <c>Authorization: Bearer KEY</c> with a key made by <c>verifier keys api create</c>;
/// without one the answer is 401. The key's id is kept on the request for the routes and the per-key rate limit.
/// </summary>
internal sealed class ApiKeyAuthentication(RequestDelegate next)
{
    private const string KeyIdItem = "verifier.key-id";

    public async Task InvokeAsync(HttpContext http, IApiKeyStore keys)
    {
        // Routing matches paths in any case, so the guard must too.
        if (!http.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase))
        {
            await next(http).ConfigureAwait(false);
            return;
        }

        var header = http.Request.Headers.Authorization.ToString();
        var keyId = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? await keys.AuthenticateAsync(header["Bearer ".Length..].Trim(), http.RequestAborted).ConfigureAwait(false)
            : null;
        if (keyId is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await ApiErrors.WriteAsync(http, StatusCodes.Status401Unauthorized,
                "an API key is needed: Authorization: Bearer KEY (create one with 'verifier keys api create --data DIR')").ConfigureAwait(false);
            return;
        }

        http.Items[KeyIdItem] = keyId;
        await next(http).ConfigureAwait(false);
    }

    /// <summary>The authenticated key's id, or null outside <c>/v1</c>.</summary>
    public static string? KeyIdOf(HttpContext http) => http.Items.TryGetValue(KeyIdItem, out var id) ? id as string : null;

    /// <summary>The key id of a <c>/v1</c> request (the middleware has already refused those without one).</summary>
    public static string RequiredKeyId(HttpContext http) =>
        KeyIdOf(http) ?? throw new InvalidOperationException("a /v1 route ran without an authenticated key");
}
