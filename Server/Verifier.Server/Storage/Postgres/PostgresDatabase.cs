using System.Data.Common;
using Npgsql;
using Verifier.Server.Storage.Sql;

namespace Verifier.Server.Storage.Postgres;

/// <summary>
/// The service's PostgreSQL database, shared by every replica and worker. Opening it applies pending migrations under a
/// session advisory lock, so N replicas starting at once migrate once: the first migrates, the others wait, then find the
/// schema current.
/// </summary>
public sealed class PostgresDatabase : IStoreDatabase, IAsyncDisposable
{
    // Any fixed 64-bit number; it names "Verifier's migration" among the advisory locks of the database.
    private const long MigrationLock = 0x5645_5249_4649_4552;

    private readonly NpgsqlDataSource dataSource;

    private PostgresDatabase(NpgsqlDataSource dataSource)
    {
        this.dataSource = dataSource;
    }

    /// <summary>The schema version a fully migrated database has (the same as SQLite's).</summary>
    public static int SchemaVersion => PostgresMigrations.Steps.Count;

    public bool SingleProcess => false;

    /// <summary>
    /// Connects with <paramref name="connectionString"/> (Npgsql's <c>Host=...;Username=...;Database=...</c>) and migrates.
    /// A bad connection string throws <see cref="ArgumentException"/>; an unreachable server, <see cref="NpgsqlException"/>.
    /// </summary>
    public static async Task<PostgresDatabase> OpenAsync(string connectionString, CancellationToken ct)
    {
        var database = new PostgresDatabase(NpgsqlDataSource.Create(connectionString));
        try
        {
            await database.MigrateAsync(ct).ConfigureAwait(false);
            return database;
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public int Version()
    {
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT version FROM schema_version", connection);
        return (int)command.ExecuteScalar()!;
    }

    public async Task<DbConnection> ConnectAsync(CancellationToken ct) => await OpenAsync(ct).ConfigureAwait(false);

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct) => await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);

    /// <summary>PostgreSQL takes concurrent writers itself: no queue in the process.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> write, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        return await write(connection).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({MigrationLock})", ct).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(
                connection,
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL); " +
                "INSERT INTO schema_version (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version)",
                ct).ConfigureAwait(false);
            var version = (await connection.QueryAsync("SELECT version FROM schema_version", r => r.GetInt32(0), ct).ConfigureAwait(false)).Single();
            if (version > SchemaVersion)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL database {connection.Database}: schema version {version} is newer than this program's {SchemaVersion}; run a newer verifier");
            }

            for (var step = version; step < SchemaVersion; step++)
            {
                await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                await ExecuteAsync(connection, PostgresMigrations.Steps[step], ct, transaction).ConfigureAwait(false);
                await ExecuteAsync(connection, $"UPDATE schema_version SET version = {step + 1}", ct, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
            }
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
