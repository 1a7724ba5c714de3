using Microsoft.Extensions.DependencyInjection;
using Verifier.Detector.Scanning;
using Verifier.Server.Jobs;
using Verifier.Server.Storage;
using Verifier.Server.Telemetry;
using Verifier.Server.Webhooks;

namespace Verifier.Server;

/// <summary>
/// What any process of the service opens before it hosts anything, API replica or worker alike: its storage, the loaded
/// model and the scan queue (in process, or RabbitMQ with <see cref="ServerOptions.RabbitMq"/>); closed in reverse order.
/// </summary>
internal sealed class ServiceResources : IAsyncDisposable
{
    private ServiceResources(ServiceStorage storage, ScanEngine engine, IScanQueue queue)
    {
        Storage = storage;
        Engine = engine;
        Queue = queue;
    }

    public ServiceStorage Storage { get; }

    public ScanEngine Engine { get; }

    public IScanQueue Queue { get; }

    /// <summary>A bad option throws <see cref="ArgumentException"/>; a bad model, <see cref="Detector.Model.DetectorModelException"/>.</summary>
    public static async Task<ServiceResources> OpenAsync(ServerOptions options, CancellationToken ct)
    {
        if (options.FindProblem() is { } problem)
        {
            throw new ArgumentException($"server option {problem}", nameof(options));
        }

        var storage = await ServiceStorage.OpenAsync(options.DataFolder, options.Postgres, ct).ConfigureAwait(false);
        ScanEngine? engine = null;
        try
        {
            engine = await ScanEngine.LoadAsync(options.ModelPath, new ScanOptions { Trust = options.Trust }, ct).ConfigureAwait(false);
            IScanQueue queue = options.RabbitMq is null
                ? new InProcessScanQueue()
                : await RabbitScanQueue.ConnectAsync(options.RabbitMq, options.Workers, ct).ConfigureAwait(false);
            return new ServiceResources(storage, engine, queue);
        }
        catch
        {
            engine?.Dispose();
            await storage.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The services that scan, in any process: stores, model, queue, the job runner and the background workers.</summary>
    public IServiceCollection AddScanning(IServiceCollection services, ServerOptions options) =>
        services
            .AddSingleton(options)
            .AddSingleton(Engine)
            .AddSingleton(Storage.Blobs)
            .AddSingleton(Storage.Jobs(options.JobLease))
            .AddSingleton(Storage.Webhooks())
            .AddSingleton(Queue)
            .AddSingleton<ServiceMetrics>()
            .AddSingleton<WebhookOutbox>()
            .AddSingleton<ScanJobRunner>()
            .AddHostedService<ScanWorkers>();

    public async ValueTask DisposeAsync()
    {
        if (Queue is IAsyncDisposable closing)
        {
            await closing.DisposeAsync().ConfigureAwait(false);
        }

        Engine.Dispose();
        await Storage.DisposeAsync().ConfigureAwait(false);
    }
}
