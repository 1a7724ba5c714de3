using System.Globalization;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Verifier.Server.Storage.Sql;

namespace Verifier.Server.Storage.Sqlite;

/// <summary>
/// The service's SQLite file (<c>DATA/verifier.db</c>): opened in WAL mode (readers never block the writer) with the
/// schema brought up to date by <see cref="SchemaMigrations"/> before anything else uses it.
/// </summary>
public sealed class SqliteDatabase : IStoreDatabase
{
    public const string FileName = "verifier.db";

    private readonly string connectionString;

    // SQLite takes one writer at a time; a second one gets SQLITE_BUSY and Microsoft.Data.Sqlite sleeps 150 ms before
    // retrying, which made the upload latency's tail. Writers of this process queue here instead and never meet BUSY.
    private readonly SemaphoreSlim writer = new(1, 1);

    private SqliteDatabase(string connectionString)
    {
        this.connectionString = connectionString;
    }

    /// <summary>The schema version a fully migrated database has.</summary>
    public static int SchemaVersion => SchemaMigrations.Steps.Count;

    /// <summary>Opens (creating if needed) the database in <paramref name="dataFolder"/> and applies pending migrations.</summary>
    public static SqliteDatabase Open(string dataFolder)
    {
        Directory.CreateDirectory(dataFolder);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataFolder, FileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
            ForeignKeys = true,
        };
        var database = new SqliteDatabase(builder.ToString());
        database.Migrate();
        return database;
    }

    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Connections are opened per statement; nothing to close.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A data folder's database belongs to the one process serving it.</summary>
    public bool SingleProcess => true;

    public async Task<DbConnection> ConnectAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Runs <paramref name="write"/> on a fresh connection, one writer of this process at a time.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> write, CancellationToken ct)
    {
        await writer.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await using var connection = await ConnectAsync(ct).ConfigureAwait(false);
            return await write(connection).ConfigureAwait(false);
        }
        finally
        {
            writer.Release();
        }
    }

    /// <summary>The version the database is at (<c>PRAGMA user_version</c>).</summary>
    public int Version()
    {
        using var connection = Connect();
        return ReadVersion(connection);
    }

    private void Migrate()
    {
        using var connection = Connect();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        var version = ReadVersion(connection);
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException(
                $"{connection.DataSource}: schema version {version} is newer than this program's {SchemaVersion}; run a newer verifier");
        }

        for (var step = version; step < SchemaVersion; step++)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, SchemaMigrations.Steps[step], transaction);
            Execute(connection, $"PRAGMA user_version = {step + 1};", transaction);
            transaction.Commit();
        }
    }

    private static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
