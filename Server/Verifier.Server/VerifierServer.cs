using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Verifier.Detector.Scanning;
using Verifier.Server.Api;
using Verifier.Server.Jobs;
using Verifier.Server.Storage;
using Verifier.Server.Telemetry;
using Verifier.Server.Web;
using Verifier.Server.Webhooks;
using OpenTelemetry.Metrics;

namespace Verifier.Server;

/// <summary>
/// The screening service: Kestrel with the <c>/v1</c> API, its storage (<see cref="ServiceStorage"/>: SQLite and blob files in the data folder, or PostgreSQL),
/// and the in-process queue with its background scan workers. <see cref="StartAsync"/> returns once it listens.
/// </summary>
public sealed class VerifierServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ServiceResources resources;

    private VerifierServer(WebApplication app, ServiceResources resources)
    {
        this.app = app;
        this.resources = resources;
    }

    /// <summary>The addresses it listens on (a port 0 request shows the port Kestrel picked).</summary>
    public IReadOnlyList<string> Urls => [.. app.Urls];

    /// <summary>
    /// Opens the storage (migrating its database), loads the model, connects the queue and starts listening. A bad option
    /// throws <see cref="ArgumentException"/>; a bad model, <see cref="Detector.Model.DetectorModelException"/>.
    /// </summary>
    public static async Task<VerifierServer> StartAsync(ServerOptions options, CancellationToken ct = default)
    {
        options = options with { DataFolder = string.IsNullOrWhiteSpace(options.DataFolder) ? options.DataFolder : Path.GetFullPath(options.DataFolder) };
        var resources = await ServiceResources.OpenAsync(options, ct).ConfigureAwait(false);
        try
        {
            var app = Build(options, resources);
            await app.StartAsync(ct).ConfigureAwait(false);
            return new VerifierServer(app, resources);
        }
        catch
        {
            await resources.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM) or <paramref name="ct"/> is cancelled.</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => app.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        await resources.DisposeAsync().ConfigureAwait(false);
    }

    private static WebApplication Build(ServerOptions options, ServiceResources resources)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = options.DataFolder });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Slow clients hold a connection and a staged file each: a body below the rate, or headers that never end, are cut off.
            kestrel.Limits.MinRequestBodyDataRate = options.MinUploadBytesPerSecond > 0
                ? new MinDataRate(options.MinUploadBytesPerSecond, options.UploadRateGrace)
                : null;
            kestrel.Limits.RequestHeadersTimeout = options.HeadersTimeout;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var storage = resources.Storage;
        var engine = resources.Engine;
        var audit = storage.Audit();
        resources.AddScanning(builder.Services, options)
            .AddSingleton(audit)
            .AddSingleton(storage.ApiKeys())
            .AddSingleton<CallbackPolicy>()
            .AddSingleton<WebhookSender>()
            .AddSingleton<ScanReports>()
            .AddHostedService<WebhookDispatcher>()
            .AddPerKeyRateLimit(options.RequestsPerMinute)
            .AddOpenApi(openApi => openApi.AddDocumentTransformer(new ApiDocument()));
        if (options.Retention is { } retention)
        {
            builder.Services.AddSingleton(new RetentionSweep(storage.Database, storage.Blobs, retention, options.BlobGrace))
                .AddHostedService<RetentionSweeper>();
        }

        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(ServiceMetrics.MeterName).AddPrometheusExporter());

        var app = builder.Build();
        app.UseMiddleware<ApiKeyAuthentication>();
        app.UseRateLimiter();
        app.MapGet("/healthz", () => Results.Json(new { status = "ok", model_sha256 = engine.ModelSha256, schema = storage.Database.Version() }))
            .WithSummary("Liveness, the model's SHA-256 and the schema version (no key needed)");
        app.MapScanEndpoints();
        app.MapVerifyEndpoint();
        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint();
        app.MapWebPage();
        return app;
    }
}
