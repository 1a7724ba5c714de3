using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Verifier.Server;

/// <summary>
/// <c>verifier worker</c>: scans without serving HTTP. It takes job ids off RabbitMQ and reads jobs and uploads from
/// PostgreSQL, so any number of them on any number of machines share the API replicas' work.
/// </summary>
public sealed class ScanWorkerHost : IAsyncDisposable
{
    private readonly IHost host;
    private readonly ServiceResources resources;

    private ScanWorkerHost(IHost host, ServiceResources resources)
    {
        this.host = host;
        this.resources = resources;
    }

    /// <summary>Starts <see cref="ServerOptions.Workers"/> workers; both <see cref="ServerOptions.Postgres"/> and <see cref="ServerOptions.RabbitMq"/> are required.</summary>
    public static async Task<ScanWorkerHost> StartAsync(ServerOptions options, CancellationToken ct = default)
    {
        if (options.Postgres is null || options.RabbitMq is null || options.Workers < 1)
        {
            throw new ArgumentException("a worker needs postgres, rabbitmq and at least one worker", nameof(options));
        }

        options = options with { DataFolder = Path.GetFullPath(options.DataFolder) };
        var resources = await ServiceResources.OpenAsync(options, ct).ConfigureAwait(false);
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = options.DataFolder });
            resources.AddScanning(builder.Services, options);
            var host = builder.Build();
            await host.StartAsync(ct).ConfigureAwait(false);
            return new ScanWorkerHost(host, resources);
        }
        catch
        {
            await resources.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM) or <paramref name="ct"/> is cancelled.</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => host.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync().ConfigureAwait(false);
        host.Dispose();
        await resources.DisposeAsync().ConfigureAwait(false);
    }
}
