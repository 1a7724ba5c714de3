using Verifier.Server.Storage.Postgres;
using Verifier.Server.Storage.Sql;
using Verifier.Server.Storage.Sqlite;

namespace Verifier.Server.Storage;

/// <summary>
/// Where the service keeps its state: SQLite and blob files in the data folder by default, or with a PostgreSQL
/// connection string the shared database for both (the data folder then only stages this process's files).
/// </summary>
public sealed class ServiceStorage : IAsyncDisposable
{
    private ServiceStorage(IStoreDatabase database, IBlobStore blobs, Func<ValueTask> close)
    {
        Database = database;
        Blobs = blobs;
        this.close = close;
    }

    private readonly Func<ValueTask> close;

    public IStoreDatabase Database { get; }

    public IBlobStore Blobs { get; }

    /// <summary>Opens (and migrates) the storage; <paramref name="postgres"/> null means SQLite in <paramref name="dataFolder"/>.</summary>
    public static async Task<ServiceStorage> OpenAsync(string dataFolder, string? postgres, CancellationToken ct)
    {
        var data = Path.GetFullPath(dataFolder);
        if (postgres is null)
        {
            return new ServiceStorage(SqliteDatabase.Open(data), new FileBlobStore(data), () => ValueTask.CompletedTask);
        }

        var database = await PostgresDatabase.OpenAsync(postgres, ct).ConfigureAwait(false);
        var blobs = new PostgresBlobStore(database, data);
        return new ServiceStorage(database, blobs, async () =>
        {
            blobs.Dispose();
            await database.DisposeAsync().ConfigureAwait(false);
        });
    }

    public IJobStore Jobs(TimeSpan lease) => new SqlJobStore(Database, lease);

    public IAuditLog Audit() => new SqlAuditLog(Database);

    public IApiKeyStore ApiKeys() => new SqlApiKeyStore(Database, Audit());

    public IWebhookStore Webhooks() => new SqlWebhookStore(Database);

    public ValueTask DisposeAsync() => close();
}
