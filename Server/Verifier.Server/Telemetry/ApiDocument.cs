using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Verifier.Server.Telemetry;

/// <summary>The OpenAPI document's title, and the bearer API key every <c>/v1</c> route needs.</summary>
internal sealed class ApiDocument : IOpenApiDocumentTransformer
{
    private const string Scheme = "apiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Verifier screening service",
            Version = "v1",
            Description = "Upload media for an AI-origin scan and C2PA provenance check. /v1 routes need Authorization: Bearer KEY " +
                          "(verifier keys api create). A scan with callback_url is POSTed there when it ends, signed in the Verifier-Signature header.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key made by 'verifier keys api create --data DIR'",
        };
        return Task.CompletedTask;
    }
}
