using System.Data.Common;

namespace Verifier.Server.Storage.Sql;

/// <summary>
/// The service's SQL database, SQLite or PostgreSQL: the stores' SQL is written once, in the words both dialects share
/// (<c>@name</c> parameters, <c>ON CONFLICT</c>, <c>RETURNING</c>, times as fixed-width ISO 8601 text), over this.
/// </summary>
public interface IStoreDatabase : IAsyncDisposable
{
    /// <summary>
    /// Opens (and migrates) the database alone, without a blob store (a key tool must not clear a running server's staging
    /// folder): SQLite in <paramref name="dataFolder"/>, or with <paramref name="postgres"/> that PostgreSQL database.
    /// </summary>
    static async Task<IStoreDatabase> OpenAsync(string dataFolder, string? postgres, CancellationToken ct) =>
        postgres is null
            ? Sqlite.SqliteDatabase.Open(Path.GetFullPath(dataFolder))
            : await Postgres.PostgresDatabase.OpenAsync(postgres, ct).ConfigureAwait(false);

    /// <summary>The schema version the database is at.</summary>
    int Version();

    /// <summary>
    /// True when this process is the only one using the database (SQLite in a data folder): at start every job left running
    /// belonged to a stopped process. False when other replicas share it: only jobs whose lease ran out are taken back.
    /// </summary>
    bool SingleProcess { get; }

    Task<DbConnection> ConnectAsync(CancellationToken ct);

    /// <summary>Runs <paramref name="write"/> on a fresh connection (SQLite: one writer of this process at a time).</summary>
    Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> write, CancellationToken ct);
}
