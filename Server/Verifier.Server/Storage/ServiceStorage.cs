using Verifier.Server.Storage.Postgres;
using Verifier.Server.Storage.Sql;

namespace Verifier.Server.Storage;

/// <summary>
/// Where the service keeps its state: SQLite and blob files in the data folder by default, or with a PostgreSQL
/// connection string the shared database for both (the data folder then only stages this process's files).
/// </summary>
public sealed class ServiceStorage : IAsyncDisposable
{
    private ServiceStorage(IStoreDatabase database, IBlobStore blobs)
    {
        Database = database;
        Blobs = blobs;
    }

    public IStoreDatabase Database { get; }

    public IBlobStore Blobs { get; }

    /// <summary>Opens (and migrates) the storage; <paramref name="postgres"/> null means SQLite in <paramref name="dataFolder"/>.</summary>
    public static async Task<ServiceStorage> OpenAsync(string dataFolder, string? postgres, CancellationToken ct)
    {
        var data = Path.GetFullPath(dataFolder);
        var database = await IStoreDatabase.OpenAsync(data, postgres, ct).ConfigureAwait(false);
        return new ServiceStorage(database, database is PostgresDatabase shared ? new PostgresBlobStore(shared, data) : new FileBlobStore(data));
    }

    public IJobStore Jobs(TimeSpan lease) => new SqlJobStore(Database, lease);

    public IAuditLog Audit() => new SqlAuditLog(Database);

    public IApiKeyStore ApiKeys() => new SqlApiKeyStore(Database, Audit());

    public IWebhookStore Webhooks() => new SqlWebhookStore(Database);

    public async ValueTask DisposeAsync()
    {
        (Blobs as IDisposable)?.Dispose();
        await Database.DisposeAsync().ConfigureAwait(false);
    }
}
