using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
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
    private readonly ScanEngine engine;
    private readonly ServiceStorage storage;

    private VerifierServer(WebApplication app, ScanEngine engine, ServiceStorage storage)
    {
        this.app = app;
        this.engine = engine;
        this.storage = storage;
    }

    /// <summary>The addresses it listens on (a port 0 request shows the port Kestrel picked).</summary>
    public IReadOnlyList<string> Urls => [.. app.Urls];

    /// <summary>
    /// Opens the data folder (migrating its database), loads the model and starts listening. A bad option throws
    /// <see cref="ArgumentException"/>; a bad model, <see cref="Detector.Model.DetectorModelException"/>.
    /// </summary>
    public static async Task<VerifierServer> StartAsync(ServerOptions options, CancellationToken ct = default)
    {
        if (options.FindProblem() is { } problem)
        {
            throw new ArgumentException($"server option {problem}", nameof(options));
        }

        var data = Path.GetFullPath(options.DataFolder);
        var storage = await ServiceStorage.OpenAsync(data, options.Postgres, ct).ConfigureAwait(false);
        ScanEngine? engine = null;
        try
        {
            engine = await ScanEngine.LoadAsync(options.ModelPath, new ScanOptions { Trust = options.Trust }, storage.Blobs, ct).ConfigureAwait(false);
            var app = Build(options with { DataFolder = data }, storage, engine);
            await app.StartAsync(ct).ConfigureAwait(false);
            return new VerifierServer(app, engine, storage);
        }
        catch
        {
            engine?.Dispose();
            await storage.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM) or <paramref name="ct"/> is cancelled.</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => app.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        engine.Dispose();
        await storage.DisposeAsync().ConfigureAwait(false);
    }

    private static WebApplication Build(ServerOptions options, ServiceStorage storage, ScanEngine engine)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = options.DataFolder });
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var audit = storage.Audit();
        builder.Services
            .AddSingleton(options)
            .AddSingleton(engine)
            .AddSingleton(storage.Blobs)
            .AddSingleton<IAuditLog>(audit)
            .AddSingleton(storage.Jobs(options.JobLease))
            .AddSingleton(storage.ApiKeys())
            .AddSingleton(storage.Webhooks())
            .AddSingleton<IScanQueue, InProcessScanQueue>()
            .AddSingleton<ServiceMetrics>()
            .AddSingleton<CallbackPolicy>()
            .AddSingleton<WebhookOutbox>()
            .AddSingleton<WebhookSender>()
            .AddSingleton<ScanJobRunner>()
            .AddSingleton<ScanReports>()
            .AddHostedService<ScanWorkers>()
            .AddHostedService<WebhookDispatcher>()
            .AddPerKeyRateLimit(options.RequestsPerMinute)
            .AddOpenApi(openApi => openApi.AddDocumentTransformer(new ApiDocument()));
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
