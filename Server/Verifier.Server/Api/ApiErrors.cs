using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Verifier.Server.Api;

/// <summary>Every refusal is <c>{"error": "..."}</c> with its status code, so clients read one shape.</summary>
internal static class ApiErrors
{
    public static IResult Json(int status, string message) => Results.Json(new ErrorBody(message), statusCode: status);

    public static Task WriteAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new ErrorBody(message), http.RequestAborted);
    }

    private sealed record ErrorBody([property: JsonPropertyName("error")] string Error);
}

/// <summary>A request the API refuses with <see cref="Status"/> and a message for the client.</summary>
internal sealed class ApiRefusal(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
